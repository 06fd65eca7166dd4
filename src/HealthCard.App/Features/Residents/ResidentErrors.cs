using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Residents;

/// <summary>The residents area's errors; field problems use <see cref="Domain.Residents.ResidentValidator.ErrorCode"/>.</summary>
internal static class ResidentErrors
{
    public static Conflict Duplicate { get; } = new("resident.duplicate",
        new Message("该证件类别和号码已登记了一位在世居民", "A living resident with this document type and number is already registered"));

    /// <summary>The document is registered to a living resident in another region: nothing more is said.</summary>
    public static Conflict ExistsElsewhere { get; } = new("resident.exists_elsewhere",
        new Message("该证件类别和号码已在其他地区登记了一位在世居民（一人一卡，全国唯一）",
            "A living resident with this document type and number is registered in another region (one card per person nationwide)"));

    public static Conflict Deceased { get; } = new("resident.deceased",
        new Message("该居民已登记死亡", "The resident is recorded as deceased"));

    public static NotFound NotFound { get; } = new("resident");

    /// <summary>The version edited is not the current one (optimistic concurrency of a correction).</summary>
    public static Conflict StaleVersion(int expected, int actual) => new("resident.version_conflict", new Message(
        $"居民信息已被他人修改（您修改的是第 {expected} 版，当前为第 {actual} 版），请刷新后重试",
        $"The resident was changed meanwhile (you edited version {expected}, the current version is {actual}); reload and retry"));
}
