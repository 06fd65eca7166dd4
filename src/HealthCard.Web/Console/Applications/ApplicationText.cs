namespace HealthCard.Web.Console.Applications;

/// <summary>The words of the console's Card applications (申领) and their review: Resources/Console/Applications/ApplicationText(.en).resx.</summary>
public sealed class ApplicationText;
