using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;

namespace HealthCard.App.Features.Imports;

/// <summary>The stable codes and messages of imports.</summary>
public static class ImportErrors
{
    public const string InvalidCode = "import.invalid";
    public const string MissingColumnsCode = "import.missing_columns";

    /// <summary>A row the registry's rules refuse (the same code as a refused registration).</summary>
    public const string RowInvalid = ResidentValidator.ErrorCode;

    /// <summary>A second row for an identity already given earlier in the same file.</summary>
    public const string RowDuplicate = "import.duplicate";

    /// <summary>The registry holds a resident with the same document but another name or birth date: never overwritten.</summary>
    public const string RowConflict = "import.conflict";

    /// <summary>The file breaks one of <see cref="ImportLimits"/>.</summary>
    public const string LimitCode = "import.limit_exceeded";

    /// <summary>The file is not a readable CSV or XLSX (a broken archive, malformed XML, no worksheet).</summary>
    public const string UnreadableCode = "import.unreadable";

    /// <summary>The job stopped too often without committing a chunk (a crash, a killed process): it is not resumed again.</summary>
    public const string AttemptsExhaustedCode = "import.attempts_exhausted";

    /// <summary>An operator cancelled the job.</summary>
    public const string CancelledCode = "import.cancelled";

    /// <summary>
    /// The registry holds a living resident with this document in a region the importer cannot see: the row is refused,
    /// saying no more than that (no name, birth date or region), and the refusal is audited.
    /// </summary>
    public const string RowElsewhere = "import.exists_elsewhere";

    /// <summary>Another node of the national network holds this identity (查重, ADR 028): the row is refused.</summary>
    public const string RowDuplicateNational = "resident.duplicate_national";

    /// <summary>A job's stops without progress after which it is failed instead of resumed.</summary>
    public const int MaxAttempts = 3;

    public static NotFound NotFound { get; } = new("import");

    public static Conflict NotCancellable { get; } = new("import.not_cancellable",
        new Message("导入已结束，不能取消", "The import has already ended and cannot be cancelled"));

    public static Error AttemptsExhausted { get; } = File(AttemptsExhaustedCode,
        $"导入已连续 {MaxAttempts} 次中断且没有进展（进程被停止或崩溃），不再续传；请检查文件后以新的来源重新导入",
        $"The import stopped {MaxAttempts} times in a row without progress (the process was stopped or crashed) and is not resumed again; check the file and import it again under another source");

    internal static ValidationFailed File(string code, string zh, string en)
    {
        var errors = new FieldErrors();
        errors.Add("file", zh, en);
        return errors.ToError(code);
    }

    public static Conflict AlreadyStarted { get; } = new("import.already_started",
        new Message("同一文件已按相同地区、标签和来源导入", "This file was already imported with the same region, tag and source"));

    internal static RejectionReason DuplicateOf(int line) =>
        new("idNumber", $"与第 {line} 行重复（同一证件类别和号码）", $"Duplicate of line {line} (same document type and number)");

    internal static RejectionReason ConflictWithRegistry { get; } = new("idNumber",
        "与登记库中已有居民冲突：证件号码相同，但姓名或出生日期不同；未覆盖，请核实后处理",
        "Conflicts with a registered resident: same document number but a different name or birth date; nothing was overwritten, review it");

    internal static RejectionReason HeldByAnotherNode { get; } = new("idNumber",
        "该证件号码已在全国网络的其他平台登记（一人一卡，全国唯一），未导入", "This document number is registered at another node of the national network; the row was not imported");

    internal static RejectionReason ExistsElsewhere { get; } = new("idNumber",
        "该证件号码已在其他地区登记，未导入", "This document number is registered in another region; the row was not imported");

    internal static RejectionReason OutsideRegion(string region) =>
        new("regionCode", $"地区不在本次导入的地区 {region} 内", $"The region is outside this import's region {region}");
}
