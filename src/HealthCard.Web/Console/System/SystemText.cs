namespace HealthCard.Web.Console.Administration;

/// <summary>
/// The system pages' words: Resources/Console/Administration/SystemText(.en).resx. The pages live in Console/System, but
/// their namespace is <c>Administration</c>: a namespace named <c>System</c> under HealthCard.Web.Console would hide the
/// framework's <c>System</c> from every console page.
/// </summary>
public sealed class SystemText;
