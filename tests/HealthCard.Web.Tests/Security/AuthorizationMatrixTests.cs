using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using HealthCard.App.Common;
using HealthCard.App.Features.Staff;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Common;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Web.Tests.Security;

/// <summary>
/// Authorization is decided in the use cases (issue 14): every use case that takes a <see cref="Caller"/> refuses one
/// without the scopes it needs, whatever door the caller came through; and docs/security.md shows the capability table
/// exactly as the code has it.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    /// <summary>
    /// Use-case methods that take a caller yet need no capability, each with the reason. Everything else must answer a
    /// caller without scopes with <see cref="Forbidden"/>.
    /// </summary>
    private static readonly Dictionary<string, string> NeedNoCapability = new(StringComparer.Ordinal)
    {
        // The portal's use cases act only for the signed-in resident and refuse any caller that is not Caller.Portal.
        ["GetMyCards.ExecuteAsync(Caller, CancellationToken)"] = Portal,
        ["GetMyRecord.ExecuteAsync(Caller, Boolean, CancellationToken)"] = Portal,
        ["GetMyUsage.ExecuteAsync(Caller, Nullable`1, Nullable`1, PageRequest, CancellationToken)"] = Portal,
        ["ChangePortalPassword.ExecuteAsync(Caller, ChangePortalPasswordRequest, CancellationToken)"] = Portal,
        ["PortalReportLoss.ExecuteAsync(Caller, CancellationToken)"] = Portal,
        ["RequestReplacement.ExecuteAsync(Caller, ReplacementReason, CancellationToken)"] = Portal,
        ["IssueElectronicCard.ForResidentAsync(Caller, CancellationToken)"] = Portal,
        // A signed-in member of staff changes their own password; the current password is the proof.
        ["StaffAccounts.ChangeOwnPasswordAsync(Caller, Guid, String, String, CancellationToken)"] = "the account's own password",
        // Building blocks that use cases call after they have authorized the caller; no door reaches them directly.
        ["CardStore.CardNumberOfAsync(Caller, Guid, CancellationToken)"] = BuildingBlock,
        ["CardStore.AllAsync(Caller, String, CancellationToken)"] = BuildingBlock,
        ["CardStore.ViewAsync(Card, Caller, CancellationToken)"] = BuildingBlock,
        ["PortalAttempts.AuditFailureAsync(Caller, Guid, String, String, Error, IReadOnlyList`1, CancellationToken)"] = BuildingBlock,
        // The command line on the node unseals with the shares themselves: M verifiable shares are the proof (ADR 016).
        ["KeyCeremony.UnsealAsync(Caller, IEnumerable`1, CancellationToken)"] = "the M shares are the proof (hcard keys unseal on the node)",
    };

    private const string Portal = "portal: acts only for the signed-in resident (Caller.Portal) and refuses every other caller";
    private const string BuildingBlock = "a building block called by use cases that have already authorized the caller";

    [Fact]
    public async Task EveryUseCase_RefusesACallerWithoutScopes_BeforeItActs()
    {
        await using var host = await HealthCardHost.StartAsync(TestDatabase.Sqlite);
        var nobody = new Caller("attacker", "", new HashSet<string>(StringComparer.Ordinal), Channel.Api);
        var failures = new List<string>();
        var swept = 0;
        foreach (var (type, method) in UseCaseMethods())
        {
            var name = Name(type, method);
            if (NeedNoCapability.ContainsKey(name))
            {
                continue;
            }
            await using var scope = host.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetService(type);
            if (service is null)
            {
                continue;
            }
            swept++;
            try
            {
                var arguments = method.GetParameters().Select(p => p.ParameterType == typeof(Caller) ? nobody : Sample(p.ParameterType)).ToArray();
                var task = (Task)method.Invoke(service, arguments)!;
                await task;
                var result = task.GetType().GetProperty("Result")?.GetValue(task);
                var error = result?.GetType().GetProperty(nameof(Result<int>.Error))?.GetValue(result) as Error;
                if (error is not Forbidden { Code: "auth.forbidden" })
                {
                    failures.Add($"{name}: answered {error?.Code ?? (result is null ? "a value that is not a Result" : "success")}");
                }
            }
            catch (Exception e) // an unguarded use case acts on the harmless arguments and fails somewhere: that is the finding
            {
                failures.Add($"{name}: threw {(e.InnerException ?? e).GetType().Name}: {(e.InnerException ?? e).Message}");
            }
        }
        swept.ShouldBeGreaterThan(40);
        // Every exception names a method that still exists: a stale entry would hide nothing, but says something false.
        NeedNoCapability.Keys.Except(UseCaseMethods().Select(m => Name(m.Type, m.Method))).ShouldBeEmpty();
        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void SecurityDocument_ShowsTheCapabilityMatrix_AsTheCodeHasIt()
    {
        var document = File.ReadAllText(Path.Combine(Repository.Root, "docs", "security.md"));
        const string start = "<!-- capability-matrix:start -->", end = "<!-- capability-matrix:end -->";
        var from = document.IndexOf(start, StringComparison.Ordinal);
        var to = document.IndexOf(end, StringComparison.Ordinal);
        from.ShouldBeGreaterThanOrEqualTo(0, "docs/security.md has no capability matrix markers");
        var shown = document[(from + start.Length)..to].Trim().ReplaceLineEndings("\n");
        var expected = Matrix().Trim();
        shown.ShouldBe(expected, "docs/security.md's matrix differs from Capabilities and StaffRoles; the expected table is:\n" + expected);
    }

    /// <summary>The capability matrix as docs/security.md shows it: one row per capability, one column per role.</summary>
    private static string Matrix()
    {
        var text = new StringBuilder();
        text.Append("| capability | 说明 / what | scopes | tier |");
        foreach (var role in StaffRoles.All)
        {
            text.Append(' ').Append(role).Append(" |");
        }
        text.Append('\n').Append("|---|---|---|---|").Append(string.Concat(StaffRoles.All.Select(_ => "---|"))).Append('\n');
        foreach (var capability in Capabilities.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"| `{capability.Name}` | {capability.Description.Zh} / {capability.Description.En} | ")
                .Append(string.Join(", ", capability.Scopes.Select(s => $"`{s}`"))).Append(" | ")
                .Append(capability.Reach switch { Reach.National => "national", Reach.Province => "province+", _ => "any" }).Append(" |");
            foreach (var role in StaffRoles.All)
            {
                var caller = new Caller(role, StaffRoles.IsNational(role) ? "" : "13", StaffRoles.ScopesOf(role), Channel.Console);
                var allowed = capability.Scopes.All(caller.Has);
                var tierBound = allowed && capability.Reach != Reach.Region && !StaffRoles.IsNational(role);
                text.Append(allowed ? tierBound ? " ✓ (tier) |" : " ✓ |" : " |");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static IEnumerable<(Type Type, MethodInfo Method)> UseCaseMethods() =>
        from type in typeof(Caller).Assembly.GetExportedTypes()
        where type is { IsClass: true, IsAbstract: false } && type.Namespace?.StartsWith("HealthCard.App.Features", StringComparison.Ordinal) == true
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        where typeof(Task).IsAssignableFrom(method.ReturnType) && method.GetParameters().Any(p => p.ParameterType == typeof(Caller))
        select (type, method);

    private static string Name(Type type, MethodInfo method) =>
        $"{type.Name}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name))})";

    /// <summary>A harmless argument of each type: the use case must refuse before it looks at any of them.</summary>
    private static object? Sample(Type type)
    {
        if (type == typeof(CancellationToken))
        {
            return CancellationToken.None;
        }
        if (type == typeof(string))
        {
            return "130102";
        }
        if (type == typeof(Guid))
        {
            return Guid.NewGuid();
        }
        if (type == typeof(PageRequest))
        {
            return new PageRequest();
        }
        if (type == typeof(JsonObject))
        {
            return new JsonObject();
        }
        if (type == typeof(Stream))
        {
            return new MemoryStream();
        }
        if (type == typeof(byte[]))
        {
            return Array.Empty<byte>();
        }
        if (Nullable.GetUnderlyingType(type) is not null || !type.IsValueType && type != typeof(string) && type.IsInterface)
        {
            return type.IsInterface && type.IsGenericType ? Activator.CreateInstance(typeof(List<>).MakeGenericType(type.GetGenericArguments()[0])) : null;
        }
        if (type.IsValueType)
        {
            return Activator.CreateInstance(type);
        }
        if (type.IsAbstract || typeof(Delegate).IsAssignableFrom(type) || type.IsArray)
        {
            return null;
        }
        // Request records: an instance with every property at its default; the refusal comes before validation.
        return System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);
    }
}
