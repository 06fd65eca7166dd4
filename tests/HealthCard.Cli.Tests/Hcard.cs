using System.Diagnostics;

namespace HealthCard.Cli.Tests;

/// <summary>The real <c>hcard</c> program, built beside the tests, run as a process with its database in a test folder.</summary>
internal static class Hcard
{
    /// <summary>hcard.dll of the same configuration as the tests.</summary>
    public static string DllPath
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory); // tests/HealthCard.Cli.Tests/bin/<Configuration>/net10.0/
            var configuration = testOutput.Parent!.Name;
            var root = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            var path = Path.Combine(root, "src", "HealthCard.Cli", "bin", configuration, testOutput.Name, "hcard.dll");
            File.Exists(path).ShouldBeTrue($"hcard.dll not found at {path}");
            return path;
        }
    }

    /// <summary>A start description for hcard with <paramref name="arguments"/>, its database and key file in <paramref name="folder"/>.</summary>
    public static ProcessStartInfo StartInfo(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        start.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["HealthCard__Database__SqlitePath"] = Path.Combine(folder, "healthcard.db");
        start.Environment["HealthCard__DataProtection__KeyFile"] = Path.Combine(folder, "healthcard.keys");
        return start;
    }

    /// <summary>Runs hcard to the end and returns its exit code, standard output and standard error.</summary>
    public static Task<(int ExitCode, string Output, string Error)> RunAsync(string folder, params string[] arguments) =>
        RunAsync(StartInfo(folder, arguments));

    /// <summary>Runs any program to the end and returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output, await error);
    }
}
