using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/HealthCard.Benchmarks -- --filter '*'
if (args is [PopulationCsv.Command, ..])
{
    return PopulationCsv.Run(args);
}
if (args is [NetworkLoad.Command, ..])
{
    return await NetworkLoad.RunAsync(args);
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>The entry point's type, for BenchmarkSwitcher.</summary>
public partial class Program;
