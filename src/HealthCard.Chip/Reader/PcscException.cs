namespace HealthCard.Chip.Reader;

/// <summary>
/// The PC/SC stack failed: no pcscd, no such reader, no card in it, the card was removed, the library is missing. These
/// are device errors, unlike a card's status words (6982 and the like), which come back as response APDUs.
/// </summary>
public sealed class PcscException : Exception
{
    public PcscException()
    {
    }

    public PcscException(string message) : base(message)
    {
    }

    public PcscException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>A failure with the <c>SCARD_…</c> return code pcsc-lite gave.</summary>
    public PcscException(uint errorCode, string message, Exception? innerException = null)
        : base($"{message} (SCARD error 0x{errorCode:X8})", innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>pcsc-lite's return code, such as 0x8010000C (SCARD_E_NO_SMARTCARD); 0 when there was none.</summary>
    public uint ErrorCode { get; }
}
