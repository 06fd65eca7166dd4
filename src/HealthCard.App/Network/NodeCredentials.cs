using System.Globalization;
using System.Text;
using HealthCard.App.Security;
using NATS.NKeys;

namespace HealthCard.App.Network;

/// <summary>
/// Node authentication on the NATS server (ADR 027): each node holds an NKey seed (ed25519) of its own, and the
/// server's configuration lists every node's public key with the subjects it may use. The server refuses a forged
/// subject before any node sees it; the receiving node's ownership check is the second line.
/// </summary>
public static class NodeCredentials
{
    /// <summary>Creates a node's seed file (owner-only, never overwritten) and returns its public key.</summary>
    public static string Create(string seedFile)
    {
        var pair = KeyPair.CreatePair(PrefixByte.User);
        SecretFile.Write(seedFile, stream => stream.Write(Encoding.ASCII.GetBytes(pair.GetSeed() + "\n")), overwrite: false);
        return pair.GetPublicKey();
    }

    /// <summary>True when <paramref name="publicKey"/> is an NKey user public key.</summary>
    public static bool IsPublicKey(string publicKey)
    {
        try
        {
            return publicKey.StartsWith('U') && KeyPair.FromPublicKey(publicKey.AsSpan()).GetPublicKey() == publicKey;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NKeysException)
        {
            return false;
        }
    }

    /// <summary>
    /// The nats-server configuration for a network: JetStream with its store, and one user per node. A node may publish
    /// only its own changes, its own claims and requests that name it as the asker; it may receive only requests
    /// addressed to it (national: also the claims). Managing the stream is national's.
    /// </summary>
    public static string ServerConfig(IReadOnlyDictionary<string, string> nodes, int port, string store)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var text = new StringBuilder();
        text.AppendLine("# Written by `hcard network nats-config` (ADR 027). One user per node; permissions by subject.");
        text.AppendLine(CultureInfo.InvariantCulture, $"port: {port}");
        text.AppendLine("jetstream {");
        text.AppendLine(CultureInfo.InvariantCulture, $"  store_dir: \"{store.Replace("\\", "/", StringComparison.Ordinal)}\"");
        text.AppendLine("}");
        text.AppendLine("authorization {");
        text.AppendLine("  users = [");
        foreach (var (region, publicKey) in nodes.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            var path = NetworkRegion.Path(region);
            var national = region == NetworkRegion.National;
            var publish = new List<string>
            {
                $"hc.chg.*.{path}", NetworkSubjects.Claim(region), $"hc.rpc.*.*.{region}", "_INBOX.>",
                "$JS.API.INFO", "$JS.API.STREAM.INFO.>", "$JS.API.STREAM.NAMES", "$JS.API.CONSUMER.>", "$JS.ACK.>", "$JS.FC.>",
            };
            if (national)
            {
                publish.Add("$JS.API.STREAM.>");
            }
            var subscribe = new List<string> { "_INBOX.>", NetworkSubjects.RequestsTo(region) };
            if (national)
            {
                subscribe.Add(NetworkSubjects.AllClaims);
            }
            text.AppendLine(CultureInfo.InvariantCulture, $"    # node {region}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    {{ nkey: {publicKey}, permissions: {{");
            text.AppendLine(CultureInfo.InvariantCulture, $"        publish: {{ allow: [{string.Join(", ", publish.Select(s => $"\"{s}\""))}] }}");
            text.AppendLine(CultureInfo.InvariantCulture, $"        subscribe: {{ allow: [{string.Join(", ", subscribe.Select(s => $"\"{s}\""))}] }}");
            // The first stream creation is national's; others may still read it (STREAM.INFO above).
            if (!national)
            {
                text.AppendLine("        # no $JS.API.STREAM.CREATE/UPDATE/DELETE/PURGE: the stream is national's to manage");
            }
            text.AppendLine("    } }");
        }
        text.AppendLine("  ]");
        text.AppendLine("}");
        return text.ToString();
    }
}
