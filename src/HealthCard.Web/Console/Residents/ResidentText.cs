namespace HealthCard.Web.Console.Residents;

/// <summary>The resident and card pages' words: Resources/Console/Residents/ResidentText(.en).resx.</summary>
public sealed class ResidentText;
