using System.Text.RegularExpressions;

using HealthCard.TestKit;

namespace HealthCard.Architecture.Tests;

/// <summary>
/// Adapters only adapt (issue 15): console pages, portal pages, endpoints and CLI commands parse, call one use case and
/// render. They never hold the data context, and no adapter borrows another endpoint class's members or constants: a
/// rule shared by two doors belongs to the use case both call.
/// </summary>
public sealed partial class AdapterRules
{
    private static readonly (System.Reflection.Assembly Assembly, string Namespace)[] Adapters =
    [
        (Assemblies.Web, "HealthCard.Web.Api"),
        (Assemblies.Web, "HealthCard.Web.Console"),
        (Assemblies.Web, "HealthCard.Web.Portal"),
        (Assemblies.Cli, "HealthCard.Cli.Commands"),
    ];

    [Fact]
    public void Adapters_NeverHoldTheDataContext()
    {
        var uses = Adapters.SelectMany(a => Assemblies.Uses(a.Assembly, a.Namespace,
            used => used.Namespace?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true ||
                    used.FullName == "HealthCard.App.Persistence.HealthCardDb"));

        uses.ToList().ShouldBeEmpty();
    }

    [Fact]
    public void Adapters_DoNotCallAnotherEndpointClass()
    {
        var uses = Adapters.SelectMany(a => Assemblies.Uses(a.Assembly, a.Namespace,
            used => IsEndpointClass(used)))
            .Where(use => !SameEndpointClass(use));

        uses.ToList().ShouldBeEmpty();
    }

    [Fact]
    public void AdapterSources_DoNotNameAnotherEndpointClassesConstants()
    {
        // Constants are copied into the IL of their users, so the compiled check above cannot see them; the sources can.
        var web = Path.Combine(Repository.Root, "src", "HealthCard.Web");
        var endpointClasses = Directory.GetFiles(Path.Combine(web, "Api"), "*Endpoints.cs")
            .Select(Path.GetFileNameWithoutExtension).ToArray();
        var sources = Directory.GetFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        var found = new List<string>();
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (var endpoint in endpointClasses)
            {
                if (Path.GetFileNameWithoutExtension(file) == endpoint)
                {
                    continue;
                }

                foreach (Match member in MemberOf(endpoint!).Matches(text))
                {
                    // Mapping a route group is how the host wires an endpoint class; that is not borrowing its rules.
                    if (!member.Groups["member"].Value.StartsWith("Map", StringComparison.Ordinal))
                    {
                        found.Add($"{Path.GetRelativePath(Repository.Root, file)}: {member.Value}");
                    }
                }
            }
        }

        found.ShouldBeEmpty();
    }

    private static Regex MemberOf(string endpointClass) =>
        new($@"\b{Regex.Escape(endpointClass)}\.(?<member>[A-Z]\w*)", RegexOptions.CultureInvariant);

    private static bool IsEndpointClass(Type type) =>
        Assemblies.InNamespace(type, "HealthCard.Web.Api") && Outermost(type).Name.EndsWith("Endpoints", StringComparison.Ordinal);

    // "A.B+<>c -> A.B" is a class using itself through its own lambdas.
    private static bool SameEndpointClass(string use)
    {
        var parts = use.Split(" -> ");
        return OuterName(parts[0]) == OuterName(parts[1]);
    }

    private static string OuterName(string fullName) => fullName.Split('+')[0].Split('`')[0];

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }
}
