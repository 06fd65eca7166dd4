using System.Reflection;
using HealthCard.TestKit;

namespace HealthCard.Architecture.Tests;

/// <summary>
/// Every <c>Features/&lt;Area&gt;</c> has the same shape (issue 15), so a newcomer can predict where the next rule lives:
/// one public use case per file, named like its class; the area's errors in its <c>&lt;Area&gt;Errors.cs</c>; one
/// <c>&lt;Area&gt;Services.cs</c> that registers the area.
/// </summary>
public sealed class FeatureShape
{
    private static readonly string Features = Path.Combine(Repository.Root, "src", "HealthCard.App", "Features");

    /// <summary>The public classes with a method that takes the caller: the use cases the doors call.</summary>
    private static IEnumerable<Type> UseCases() => Assemblies.App.GetTypes()
        .Where(t => t.IsClass && t.IsPublic && Assemblies.InNamespace(t, "HealthCard.App.Features"))
        .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Any(m => m.GetParameters().Any(p => p.ParameterType.Name == "Caller")));

    [Fact]
    public void EveryUseCase_LivesInAFileNamedLikeIt()
    {
        var misplaced = UseCases()
            .Where(t => !File.Exists(Path.Combine(Features, AreaOf(t), t.Name + ".cs")))
            .Select(t => $"{t.FullName} is not in Features/{AreaOf(t)}/{t.Name}.cs")
            .ToList();

        misplaced.ShouldBeEmpty();
    }

    [Fact]
    public void EveryArea_HasOneServicesFile()
    {
        var areas = Directory.GetDirectories(Features).Select(Path.GetFileName).ToList();

        var wrong = areas
            .Select(area => (area, files: Directory.GetFiles(Path.Combine(Features, area!), "*Services.cs")))
            .Where(a => a.files.Length != 1)
            .Select(a => $"Features/{a.area} has {a.files.Length} *Services.cs files")
            .ToList();

        wrong.ShouldBeEmpty();
    }

    [Fact]
    public void EveryAreasErrors_LiveInItsErrorsFile()
    {
        var errorClasses = Assemblies.App.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Errors", StringComparison.Ordinal)
                        && Assemblies.InNamespace(t, "HealthCard.App.Features"))
            .ToList();
        errorClasses.Count.ShouldBeGreaterThan(10, "the areas' error classes were not found");

        var misplaced = errorClasses
            .Where(t => !Directory.GetFiles(Path.Combine(Features, AreaOf(t)), "*Errors.cs")
                .Any(f => File.ReadAllText(f).Contains($"static class {t.Name}", StringComparison.Ordinal)))
            .Select(t => $"{t.FullName} is not in a Features/{AreaOf(t)}/*Errors.cs file")
            .ToList();

        misplaced.ShouldBeEmpty();
    }

    private static string AreaOf(Type type) => type.Namespace!["HealthCard.App.Features.".Length..].Split('.')[0];
}
