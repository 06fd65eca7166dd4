using System.Text.Json;
using System.Text.Json.Nodes;
using HealthCard.App.Audit;
using HealthCard.App.Common;
using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Residents;

/// <summary>
/// Corrects a holder's data (卡变更) as a JSON merge patch (RFC 7396) over the current data: members present replace,
/// <c>null</c> clears, absent members stay. Two members are not resident data: <c>version</c> (an integer, the version
/// edited; a stale one is refused) and <c>reason</c> (text of at most <see cref="ReasonMaxLength"/> characters, kept in
/// the history). The merged whole is validated with the same rules as registration, the version increases, and the
/// previous values are kept encrypted in the resident's history.
/// </summary>
public sealed class ChangeResident(HealthCardDb db, AuditTrail audit, ResidentValidator validator, ResidentMapper mapper,
    IRegionDirectory regions, ResidentHandover handover, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The identity document cannot be corrected in place: the card number is derived from it.</summary>
    private static readonly string[] Immutable = ["idType", "idNumber"];

    /// <summary>The cap of a correction's reason (the history's reason).</summary>
    public const int ReasonMaxLength = 200;

    /// <param name="body">The merge patch, with the optional <c>version</c> and <c>reason</c> members, exactly as the caller sent it.</param>
    public Task<Result<ResidentView>> ExecuteAsync(Caller caller, Guid id, JsonObject body, CancellationToken cancellationToken)
    {
        if (caller.Authorize(Capabilities.ResidentsWrite) is { } denied)
        {
            return Task.FromResult<Result<ResidentView>>(denied);
        }
        ArgumentNullException.ThrowIfNull(body);
        var scope = new AuditScope("resident.change", "resident") { TargetId = id.ToString() };
        return audit.RunAsync<ResidentView>(caller, scope, async ct =>
        {
            var (patch, expectedVersion, reason, invalid) = Split(body);
            if (invalid is not null)
            {
                return invalid;
            }
            var found = await LivingResident.FindAsync(db, caller, id, scope, ct);
            if (!found.IsSuccess)
            {
                return found.Error!;
            }
            var record = found.Value;
            if (expectedVersion is { } expected && expected != record.Version)
            {
                return ResidentErrors.StaleVersion(expected, record.Version);
            }
            var before = mapper.ToProfile(record);
            var current = ToJson(before);
            var errors = new FieldErrors();
            foreach (var (name, value) in patch)
            {
                if (Immutable.Contains(name))
                {
                    if (value?.ToString() != current[name]?.ToString())
                    {
                        errors.Add(name, "证件类别和号码不能修改；请注销后重新登记", "The identity document cannot be changed; cancel and register again");
                    }
                    continue;
                }
                if (!current.ContainsKey(name))
                {
                    errors.Add(name, "未知字段", "Unknown field");
                    continue;
                }
                current[name] = value?.DeepClone();
            }
            if (errors.Any)
            {
                return errors.ToError(ResidentValidator.ErrorCode);
            }
            ResidentDraft? merged;
            try
            {
                merged = current.Deserialize<ResidentDraft>(Json);
            }
            catch (JsonException e)
            {
                errors.Add(e.Path?.TrimStart('$', '.') ?? "body", "字段类型错误", "A field has the wrong JSON type");
                return errors.ToError(ResidentValidator.ErrorCode);
            }
            var validated = validator.Validate(merged!, clock.Today());
            if (!validated.IsSuccess)
            {
                return validated.Error!;
            }
            var (after, warnings) = validated.Value;
            // Moving house to another node's region (户籍迁移): the caller acts on the resident where it is now; the node
            // of the new region adopts it (ADR 026).
            var moving = handover.IsMove(after.RegionCode);
            if (!moving && !caller.Covers(after.RegionCode))
            {
                errors.Add("regionCode", "不能把居民转到本密钥管辖范围以外的地区", "The resident cannot be moved outside this key's region scope");
                return errors.ToError(ResidentValidator.ErrorCode);
            }
            var changed = ChangedFields(ToJson(after), ToJson(before));
            if (changed.Count == 0)
            {
                return ResidentView.From(record, before, caller, regions, warnings);
            }
            var now = clock.GetUtcNow();
            db.ResidentRevisions.Add(new ResidentRevision
            {
                ResidentId = record.Id,
                Version = record.Version,
                ChangedAt = now,
                Actor = caller.Actor,
                Reason = reason,
                ChangedFields = changed,
                PreviousCipher = mapper.ProtectSnapshot(record.Id, record.Version, before),
            });
            mapper.Write(record, after, now);
            record.Version++;
            scope.Details = JsonSerializer.Serialize(new { fields = changed, version = record.Version, movedTo = moving ? after.RegionCode : null });
            scope.OnConcurrencyConflict = ResidentErrors.StaleVersion(record.Version - 1, record.Version);
            if (moving)
            {
                await db.SaveChangesAsync(ct);
                if (await handover.HandOverAsync(db, record, ct) is { } refused)
                {
                    return refused;
                }
            }
            return ResidentView.From(record, after, caller, regions, warnings);
        }, cancellationToken);
    }

    /// <summary>The resident fields to change, apart from the correction's own <c>version</c> and <c>reason</c>, checked here.</summary>
    private static (JsonObject Patch, int? Version, string? Reason, Error? Invalid) Split(JsonObject body)
    {
        var patch = (JsonObject)body.DeepClone();
        var errors = new FieldErrors();
        int? version = null;
        if (patch.Remove("version", out var versionNode) && versionNode is not null)
        {
            if (versionNode is JsonValue value && value.TryGetValue<int>(out var v))
            {
                version = v;
            }
            else
            {
                errors.Add("version", "版本号应为整数", "version must be an integer");
            }
        }
        string? reason = null;
        if (patch.Remove("reason", out var reasonNode) && reasonNode is not null)
        {
            reason = reasonNode is JsonValue r && r.TryGetValue<string>(out var text) ? text : null;
            if (reason is null || reason.Length > ReasonMaxLength)
            {
                errors.Add("reason", $"原因应为不超过 {ReasonMaxLength} 字的文本", $"reason must be text of at most {ReasonMaxLength} characters");
            }
        }
        return (patch, version, reason, errors.Any ? errors.ToError(ResidentValidator.ErrorCode) : null);
    }

    private static JsonObject ToJson(ResidentProfile profile) => JsonSerializer.SerializeToNode(ResidentDraft.From(profile), Json)!.AsObject();

    private static List<string> ChangedFields(JsonObject after, JsonObject before) =>
        after.Where(p => !JsonNode.DeepEquals(p.Value, before[p.Key])).Select(p => p.Key).ToList();
}
