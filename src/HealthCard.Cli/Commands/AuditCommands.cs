using System.CommandLine;
using HealthCard.App.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary><c>hcard audit verify</c>: walks the audit chains; exit 0 when intact, 1 naming the first broken entry.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var verify = new Command("verify", "Verify the tamper-evident audit chain");
        verify.SetAction(async (_, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var verified = await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync(CliHost.Operator, cancellationToken);
            if (!verified.IsSuccess)
            {
                Console.Error.WriteLine(verified.Error!.Message.En);
                return 1;
            }
            var result = verified.Value;
            if (result.Valid)
            {
                Console.WriteLine($"valid: {result.Entries} entries verified");
                return 0;
            }
            var broken = result.FirstBroken!;
            Console.WriteLine($"BROKEN after {result.Entries} good entries: entry id {broken.Id}, node {broken.Node}, sequence {broken.Sequence}: {broken.Problem}");
            return 1;
        });
        return new Command("audit", "The audit log") { verify };
    }
}
