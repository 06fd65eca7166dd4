using System.CommandLine;
using HealthCard.App;
using HealthCard.App.Common;
using HealthCard.App.Features.Network;
using HealthCard.App.Network;
using HealthCard.App.Security;
using HealthCard.Domain.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Commands;

/// <summary>
/// <c>hcard network …</c>: joining the national network (credentials, the NATS server's configuration, the network's data
/// keys) and operating it (status, resync, reconcile, anchors). The user guide's network section runs these in order.
/// </summary>
internal static class NetworkCommands
{
    public static Command Create() => new("network", "The national network: join it and watch its links (全国联网)")
    {
        Credentials(), NatsConfig(), Keys(), Status(), Resync(), Reconcile(), Anchors(),
    };

    private static Command Credentials()
    {
        var region = new Option<string>("--region") { Description = "The node's region: 00 (national), 13, 1301 or 130102", Required = true };
        var output = new Option<string>("--out") { Description = "The seed file to write (owner-only; keep it secret)", Required = true };
        var command = new Command("credentials", "Make this node's NKey and print its public key for the NATS configuration") { region, output };
        command.SetAction(parse =>
        {
            if (!NetworkRegion.IsValid(parse.GetValue(region)))
            {
                Console.Error.WriteLine("--region must be 00 or a 2, 4 or 6 digit region code");
                return 2;
            }
            try
            {
                Console.WriteLine(NodeCredentials.Create(parse.GetValue(output)!));
                return 0;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }

    private static Command NatsConfig()
    {
        var nodes = new Option<string[]>("--node") { Description = "region=public key, once per node (00=U…)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "The nats-server configuration file to write", Required = true };
        var port = new Option<int>("--port") { Description = "The client port", DefaultValueFactory = _ => 4222 };
        var store = new Option<string>("--store") { Description = "JetStream's storage folder", Required = true };
        var command = new Command("nats-config", "Write the nats-server configuration: JetStream and one user per node with its subjects") { nodes, output, port, store };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(nodes)!)
            {
                var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || !NetworkRegion.IsValid(parts[0]) || !NodeCredentials.IsPublicKey(parts[1]) || !keys.TryAdd(parts[0], parts[1]))
                {
                    Console.Error.WriteLine($"--node {pair}: expected region=public key (a region once, a user NKey starting with U)");
                    return 2;
                }
            }
            await File.WriteAllTextAsync(parse.GetValue(output)!, NodeCredentials.ServerConfig(keys, parse.GetValue(port), parse.GetValue(store)!), cancellationToken);
            Console.WriteLine($"wrote {parse.GetValue(output)} for {keys.Count} nodes; start it with: nats-server -c {parse.GetValue(output)}");
            return 0;
        });
        return command;
    }

    private static Command Keys()
    {
        var transfer = new Option<string>("--transfer-key") { Description = "32 hex characters (SM4), sent to the node's operator separately", Required = true };
        var output = new Option<string>("--out") { Description = "The file to write", Required = true };
        var export = new Command("export", "On the national node: write the network's data keys, wrapped under the transfer key") { output, transfer };
        export.SetAction(parse => Run(() =>
        {
            var (keyFile, kek) = LocalKeyFile();
            DataKeys.ExportForNetwork(keyFile, kek, parse.GetValue(output)!, parse.GetValue(transfer)!);
            Console.WriteLine($"wrote {parse.GetValue(output)}");
        }));
        var input = new Option<string>("--in") { Description = "The file from the national node", Required = true };
        var import = new Command("import", "On a new node, before its first start: install the network's data keys") { input, transfer };
        import.SetAction(parse => Run(() =>
        {
            var (keyFile, kek) = LocalKeyFile();
            DataKeys.ImportFromNetwork(parse.GetValue(input)!, parse.GetValue(transfer)!, keyFile, kek);
            Console.WriteLine($"installed the network's data keys in {keyFile}");
        }));
        return new Command("keys", "The network's shared data keys (the blind index and field encryption)") { export, import };
    }

    private static Command Status()
    {
        var command = new Command("status", "Each link: changes waiting, lag in seconds, last delivered change, errors");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<GetNetworkStatus>().ExecuteAsync(CliHost.Operator, cancellationToken);
            return Output.Result(result, status =>
            {
                if (!status.Enabled)
                {
                    Console.WriteLine("network: not configured (this node is an island)");
                    return;
                }
                Console.WriteLine($"node:      {status.Region}  nats: {status.Nats}  {(status.Connected ? "connected" : "NOT CONNECTED")}");
                foreach (var link in status.Links)
                {
                    Console.WriteLine($"{link.Name,-16} {link.Direction,-15} waiting {link.WaitingChanges,8}  lag {link.LagSeconds,7:0.0} s  last {link.LastDeliveredAt?.ToString("u") ?? "-",-20}  errors {link.Errors}{(link.LastError is null ? "" : "  " + link.LastError)}");
                }
                Console.WriteLine($"children:  {(status.Children.Count == 0 ? "-" : string.Join(' ', status.Children))}");
                Console.WriteLine($"refused:   {status.RefusedChanges}");
                foreach (var refusal in status.RecentRefusals)
                {
                    Console.WriteLine("  " + refusal);
                }
            });
        });
        return command;
    }

    private static Command Resync()
    {
        var child = new Option<string>("--child") { Description = "The child node's region", Required = true };
        var command = new Command("resync", "Rebuild this node's copy of a child's records (idempotent)") { child };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ResyncChild>().ExecuteAsync(CliHost.Operator, parse.GetValue(child)!, cancellationToken);
            return Output.Result(result, queued => Console.WriteLine($"child {parse.GetValue(child)} queued {queued} records to send again"));
        });
        return command;
    }

    private static Command Reconcile()
    {
        var child = new Option<string>("--child") { Description = "The child node's region", Required = true };
        var command = new Command("reconcile", "Compare counts and digests per kind with a child; exit 1 naming each differing record") { child };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ReconcileChild>().ExecuteAsync(CliHost.Operator, parse.GetValue(child)!, cancellationToken);
            var code = Output.Result(result, report =>
            {
                foreach (var kind in report.Kinds)
                {
                    Console.WriteLine($"{kind.Kind,-12} child {kind.ChildCount,8} {kind.ChildDigest}  here {kind.ParentCount,8} {kind.ParentDigest}  {(kind.InSync ? "in sync" : "DIFFERENT")}");
                    foreach (var key in kind.Missing)
                    {
                        Console.WriteLine($"  missing here   {kind.Kind} {key}");
                    }
                    foreach (var key in kind.Extra)
                    {
                        Console.WriteLine($"  not at child   {kind.Kind} {key}");
                    }
                    foreach (var key in kind.Different)
                    {
                        Console.WriteLine($"  different      {kind.Kind} {key}");
                    }
                }
                Console.WriteLine(report.InSync ? "in sync: 0 differences" : $"{report.Differences} differences");
            });
            return code == 0 && result.IsSuccess && !result.Value.InSync ? 1 : code;
        });
        return command;
    }

    private static Command Anchors()
    {
        var command = new Command("anchors", "Check each child's audit chain against the anchors held here; exit 1 on any not intact");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<CheckAnchors>().ExecuteAsync(CliHost.Operator, cancellationToken);
            var code = Output.Result(result, checks =>
            {
                foreach (var check in checks)
                {
                    Console.WriteLine($"{check.Child,-6} {check.Node,-24} anchored at {check.AnchoredSequence,8}  child at {check.ChildLastSequence,8}  {check.Outcome}");
                }
            });
            return code == 0 && result.IsSuccess && result.Value.Any(c => c.Outcome != "intact") ? 1 : code;
        });
        return command;
    }

    private static (string KeyFile, string? KeyEncryptionKey) LocalKeyFile()
    {
        var configuration = CliHost.Configuration();
        var options = configuration.GetSection(HealthCardOptions.Section).Get<HealthCardOptions>() ?? new HealthCardOptions();
        return (DatabaseSettings.From(options, configuration.GetConnectionString("HealthCard")).KeyFile, options.DataProtection.KeyEncryptionKey);
    }

    private static int Run(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }
}
