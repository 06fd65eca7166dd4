namespace HealthCard.Chip.Reader;

/// <summary>The reader library's error codes (standard §9). Every reader call returns one of these.</summary>
public enum ReaderError
{
    Ok = 0,
    Parameter = 101,
    FileNotFound = 102,
    ReadRecord = 103,
    CardResponse = 104,
    Sam = 105,
    Authentication = 106,
    ReadBinary = 107,
    WriteRecord = 108,
    WriteBinary = 109,
    WriteIndexFlag = 110,
    EraseIndexFlag = 111,
    RecordInvalid = 112,
    PhotoData = 113,

    /// <summary>
    /// D (not in the standard's list): an EE/ED record flagged valid whose SAM signature or certificate chain does not hold
    /// (<see cref="RecordSignature"/>). The standard's codes have no place for it, and reporting it as 104 would hide tampering.
    /// </summary>
    SignatureInvalid = 114,
}

/// <summary>A reader call's outcome: <see cref="Error"/> is <see cref="ReaderError.Ok"/> exactly when <see cref="Value"/> is set.</summary>
public readonly record struct ReaderResult<T>(ReaderError Error, T? Value)
{
    public bool IsOk => Error == ReaderError.Ok;

    public static implicit operator ReaderResult<T>(ReaderError error) => new(error, default);

    public static implicit operator ReaderResult<T>(T value) => new(ReaderError.Ok, value);
}
