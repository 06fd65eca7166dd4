namespace HealthCard.TestKit;

/// <summary>The repository the tests run from: for tests that read or write its documents (docs/).</summary>
public static class Repository
{
    /// <summary>The folder holding HealthCard.slnx, found upward from the test binaries.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HealthCard.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (HealthCard.slnx) was not found.");
    }
}
