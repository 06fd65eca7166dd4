namespace HealthCard.Web.Console.Production;

/// <summary>The words of the console's Production batches (制卡批次): Resources/Console/Production/ProductionText(.en).resx.</summary>
public sealed class ProductionText;
