using System.Reflection;

namespace HealthCard.Architecture.Tests;

/// <summary>The built assemblies the design guide's rules speak of, loaded by name from this test's output.</summary>
internal static class Assemblies
{
    public static readonly Assembly Domain = Assembly.Load("HealthCard.Domain");
    public static readonly Assembly Crypto = Assembly.Load("HealthCard.Crypto");
    public static readonly Assembly Chip = Assembly.Load("HealthCard.Chip");
    public static readonly Assembly App = Assembly.Load("HealthCard.App");
    public static readonly Assembly Web = Assembly.Load("HealthCard.Web");
    public static readonly Assembly Cli = Assembly.Load("hcard"); // HealthCard.Cli, named after its command
    public static readonly Assembly Benchmarks = Assembly.Load("HealthCard.Benchmarks");

    public static readonly Assembly[] All = [Domain, Crypto, Chip, App, Web, Cli, Benchmarks];

    public static string Name(Assembly assembly) => assembly.GetName().Name!;

    /// <summary>The names of the assemblies <paramref name="assembly"/> is compiled against.</summary>
    public static IReadOnlyList<string> References(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal)];

    /// <summary>Every type of the assembly, nested and compiler-generated ones included (async state machines, lambdas).</summary>
    public static IEnumerable<Type> Types(Assembly assembly, string namespacePrefix) =>
        assembly.GetTypes().Where(t => InNamespace(t, namespacePrefix));

    public static bool InNamespace(Type type, string namespacePrefix) =>
        type.Namespace is { } ns && (ns == namespacePrefix || ns.StartsWith(namespacePrefix + ".", StringComparison.Ordinal));

    /// <summary>Types the compiler adds to an assembly (collection-expression lists, static data), which belong to no layer.</summary>
    public static bool IsCompilerGenerated(Type type) => type.Namespace is null && (type.Name.Length == 0 || type.Name[0] == '<');

    /// <summary>Each (type in <paramref name="from"/>, type it names in <paramref name="to"/>) pair, for failure messages.</summary>
    public static IReadOnlyList<string> Uses(Assembly assembly, string from, Func<Type, bool> to) =>
        [.. Types(assembly, from)
            .SelectMany(t => TypeReferences.Of(t).Where(to).Select(used => $"{t.FullName} -> {used.FullName}"))
            .Distinct()
            .Order(StringComparer.Ordinal)];
}
