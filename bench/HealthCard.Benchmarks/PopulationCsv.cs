using HealthCard.TestKit;

/// <summary>
/// <c>dotnet run -c Release --project bench/HealthCard.Benchmarks -- population-csv &lt;file&gt; &lt;rows&gt;</c>: the synthetic
/// population list of the import benchmark (bench/load/import.sh): valid ID numbers, Chinese names, one defective row in
/// a hundred. The generator is the tests' own (TestKit <see cref="PopulationFiles"/>, linked).
/// </summary>
internal static class PopulationCsv
{
    public const string Command = "population-csv";

    public static int Run(string[] args)
    {
        if (args.Length != 3 || !int.TryParse(args[2], out var rows))
        {
            Console.Error.WriteLine($"usage: {Command} <file> <rows>");
            return 2;
        }
        var defects = PopulationFiles.WriteCsv(args[1], rows, county: "130105", defectEvery: 100, seed: 2026);
        Console.WriteLine($"{args[1]}: {rows} rows, {defects} defective");
        return 0;
    }
}
