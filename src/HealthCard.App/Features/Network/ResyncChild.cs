using HealthCard.App.Common;
using HealthCard.App.Network;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Network;

/// <summary>
/// <c>hcard network resync --child &lt;region&gt;</c>: asks the child to send every record it owns again. The parent's copy is
/// rebuilt by the normal apply (by version), so running it twice, or while changes flow, is harmless.
/// </summary>
public sealed class ResyncChild(NetworkNode node, OwnerRequests requests)
{
    public async Task<Result<int>> ExecuteAsync(Caller caller, string child, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(Capabilities.NetworkManage) is { } denied)
        {
            return denied;
        }
        if (!node.Enabled)
        {
            return NetworkErrors.NotConnected;
        }
        if (ChildError(node, child) is { } invalid)
        {
            return invalid;
        }
        var reply = await requests.AskAsync(child, OwnerRequests.Resync, new { }, cancellationToken, TimeSpan.FromMinutes(5));
        if (reply is null)
        {
            return NetworkErrors.OwnerUnreachable(child);
        }
        using var document = System.Text.Json.JsonDocument.Parse(reply);
        return document.RootElement.GetProperty("queued").GetInt32();
    }

    /// <summary>A child must be a node region below this node.</summary>
    internal static ValidationFailed? ChildError(NetworkNode node, string child)
    {
        if (NetworkRegion.IsValid(child) && child != node.Region && NetworkRegion.Covers(node.Region!, child))
        {
            return null;
        }
        var errors = new FieldErrors();
        errors.Add("child", "下级平台应为本平台辖区内的地区代码", "The child must be a node region below this node");
        return (ValidationFailed)errors.ToError("network.invalid");
    }
}
