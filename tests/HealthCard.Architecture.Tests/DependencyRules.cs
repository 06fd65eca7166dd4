using System.Reflection;

namespace HealthCard.Architecture.Tests;

/// <summary>
/// The dependency rules of the design guide (§1), asserted on the built assemblies: dependencies point downward, Domain
/// depends on nothing, Chip on Crypto only, only Crypto references BouncyCastle, only App references EF Core.
/// </summary>
public sealed class DependencyRules
{
    /// <summary>For each of our assemblies, the only HealthCard assemblies it may reference.</summary>
    public static TheoryData<string, string[]> Allowed => new()
    {
        { "HealthCard.Domain", [] },
        { "HealthCard.Crypto", [] },
        { "HealthCard.Chip", ["HealthCard.Crypto"] },
        { "HealthCard.App", ["HealthCard.Domain", "HealthCard.Crypto", "HealthCard.Chip"] },
        { "HealthCard.Web", ["HealthCard.App", "HealthCard.Domain", "HealthCard.Crypto", "HealthCard.Chip"] },
        { "hcard", ["HealthCard.App", "HealthCard.Domain", "HealthCard.Crypto", "HealthCard.Chip"] },
        // The benchmarks measure BouncyCastle as the same-run baseline only through the tests' reference (docs/adr/025).
        { "HealthCard.Benchmarks", ["HealthCard.App", "HealthCard.Domain", "HealthCard.Crypto", "HealthCard.Chip", "HealthCard.Crypto.Reference"] },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Project_ReferencesOnlyTheLayersBelowIt(string project, string[] allowed)
    {
        var assembly = Assemblies.All.Single(a => Assemblies.Name(a) == project);

        var ours = Assemblies.References(assembly).Where(r => r.StartsWith("HealthCard.", StringComparison.Ordinal));

        ours.Except(allowed).ToList().ShouldBeEmpty($"{project} may reference only {string.Join(", ", allowed)}");
    }

    [Fact]
    public void Domain_DependsOnNothingButTheRuntime()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

        var outside = Assemblies.References(Assemblies.Domain)
            .Where(name => !File.Exists(Path.Combine(runtime, name + ".dll")));

        outside.ToList().ShouldBeEmpty("Domain may use only the .NET runtime's own assemblies");
    }

    [Fact]
    public void BouncyCastle_IsReferencedOnlyByCrypto()
    {
        var users = Assemblies.All
            .Where(a => Assemblies.References(a).Contains("BouncyCastle.Cryptography"))
            .Select(Assemblies.Name);

        users.ShouldBe(["HealthCard.Crypto"]);
    }

    [Fact]
    public void EntityFrameworkCore_IsReferencedOnlyByApp()
    {
        static bool IsEfCore(string name) =>
            name.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) ||
            name.StartsWith("Npgsql.EntityFrameworkCore", StringComparison.Ordinal);

        var users = Assemblies.All.Where(a => Assemblies.References(a).Any(IsEfCore)).Select(Assemblies.Name);

        users.ShouldBe(["HealthCard.App"]);
    }

    [Fact]
    public void DomainCommon_NamesNothingFromTheAggregates()
    {
        // The shared kernel (transition context, channel, enum names, region prefix, the one lifecycle mechanism) sits
        // under every aggregate; an arrow back up would make each aggregate depend on all the others.
        var uses = Assemblies.Uses(Assemblies.Domain, "HealthCard.Domain.Common",
            used => used.Assembly == Assemblies.Domain && !Assemblies.IsCompilerGenerated(used)
                    && !Assemblies.InNamespace(used, "HealthCard.Domain.Common"));

        uses.ToList().ShouldBeEmpty();
    }

    [Fact]
    public void ChipReaderAndVirtualCard_MeetOnlyInTheProtocol()
    {
        // The reader and the virtual card and SAM both speak the protocol layer; neither may lean on the other, or the
        // simulator would stop being an independent party to the reader's tests.
        var readerUsesVirtual = Assemblies.Uses(Assemblies.Chip, "HealthCard.Chip.Reader",
            used => Assemblies.InNamespace(used, "HealthCard.Chip.Virtual"));
        var virtualUsesReader = Assemblies.Uses(Assemblies.Chip, "HealthCard.Chip.Virtual",
            used => Assemblies.InNamespace(used, "HealthCard.Chip.Reader"));

        readerUsesVirtual.Concat(virtualUsesReader).ShouldBeEmpty();
    }

    [Fact]
    public void NoLowerLayer_NamesATypeOfItsOwnLevelOrAbove()
    {
        // Assembly references are what the compiler saw; this reads what the IL really names, so a type reached through a
        // referenced assembly's re-export still counts. Each HealthCard type a lower layer names must live in that layer or below.
        var rank = new Dictionary<Assembly, int>
        {
            [Assemblies.Domain] = 0, [Assemblies.Crypto] = 0, [Assemblies.Chip] = 1, [Assemblies.App] = 2,
            [Assemblies.Web] = 3, [Assemblies.Cli] = 3, [Assemblies.Benchmarks] = 3,
        };

        var upward = new List<string>();
        foreach (var (assembly, level) in rank.Where(r => r.Value < 3))
        {
            upward.AddRange(Assemblies.Uses(assembly, "HealthCard",
                used => rank.TryGetValue(used.Assembly, out var usedLevel) && used.Assembly != assembly && usedLevel >= level));
        }

        upward.ShouldBeEmpty();
    }
}
