namespace HealthCard.Web.Console.Imports;

/// <summary>The words of the console's Population imports (人口导入): Resources/Console/Imports/ImportText(.en).resx.</summary>
public sealed class ImportText;
