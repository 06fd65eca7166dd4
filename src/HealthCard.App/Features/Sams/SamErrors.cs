using HealthCard.App.Common;
using HealthCard.Domain.Common;
using HealthCard.Domain.SecurityModules;

namespace HealthCard.App.Features.Sams;

internal static class SamErrors
{
    public const int MaxBatch = 1000;

    public static NotFound NotFound { get; } = new("sam");

    public static Conflict VersionConflict { get; } = new("sam.version_conflict",
        new Message("该 SAM 卡刚被他人操作，请刷新后重试", "The SAM was changed meanwhile; reload and retry"));

    /// <summary>Two records drew the same number (48 random bits on the same day): the operator simply retries.</summary>
    public static Conflict NumberTaken { get; } = new("sam.number_taken",
        new Message("单号冲突，请重试", "The record number was drawn twice; retry"));

    /// <summary>A printable record number: prefix, China date, and the random tail of the record's id (12 hex).</summary>
    public static string Number(string prefix, DateTimeOffset at, Guid id) =>
        $"{prefix}{at.ToOffset(ChinaTime.Offset):yyyyMMdd}{id.ToString("N")[^12..].ToUpperInvariant()}";

    public static Conflict TerminalOccupied { get; } = new("sam.terminal_occupied",
        new Message("该终端已绑定另一张 SAM 卡", "Another SAM is already bound to this terminal"));

    /// <summary>The serials of a request, each valid and none twice, at most <see cref="MaxBatch"/>.</summary>
    public static IReadOnlyList<string>? Serials(FieldErrors errors, IReadOnlyList<string>? serials)
    {
        if (serials is not { Count: > 0 and <= MaxBatch })
        {
            errors.Add("serials", $"须列出 1–{MaxBatch} 个 SAM 卡号", $"List 1–{MaxBatch} SAM serials");
            return null;
        }
        foreach (var bad in serials.Where(s => !Sam.IsSerial(s)).Take(5))
        {
            errors.Add("serials", $"SAM 卡号应为 10 位数字或大写字母：{bad}", $"A SAM serial is 10 digits or capital letters: '{bad}'");
        }
        foreach (var twice in serials.GroupBy(s => s, StringComparer.Ordinal).Where(g => g.Count() > 1).Take(5))
        {
            errors.Add("serials", $"SAM 卡号重复：{twice.Key}", $"The serial '{twice.Key}' is listed twice");
        }
        return serials;
    }
}
