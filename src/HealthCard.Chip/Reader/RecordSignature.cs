using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;
using HealthCard.Crypto.Certificates;
using HealthCard.Crypto.Sm2;

namespace HealthCard.Chip.Reader;

/// <summary>
/// What the SAM signature of an EE/ED record covers, and how it is checked (standard §4.2, §4.3, §6). The standard gives
/// the signature's place (64 bytes after the data part, then the 190-byte SAM certificate) but not its message, so the
/// project decides it here, in one place (D, ADR 007):
/// <list type="bullet">
/// <item>message M = the card number 卡号 KH exactly as DDF1/EF05 stores it (ans18: GBK, right-padded 0x00) ‖ the record's
/// data part (1639 B for EE, 3013 B for ED). Binding the card number stops a valid record being copied onto another
/// resident's card; the slot number is left out, so the record stays valid wherever the index rule places it.</item>
/// <item>signature = SM2 over SM3 with the default user ID <c>1234567812345678</c>: e = SM3(Z_A ‖ M) is computed by the
/// terminal (hashing needs no secret, and a SAM command cannot carry 1,657 bytes), the SAM signs e.</item>
/// <item>the key is the one certified by the appended SAM certificate; a reader that knows the national root also checks
/// root → issuer → SAM.</item>
/// </list>
/// </summary>
public static class RecordSignature
{
    /// <summary>卡号 KH: ans18 (DDF1/EF05 element 08).</summary>
    public const int CardNumberLength = 18;

    /// <summary>M = KH (ans18) ‖ data. Throws <see cref="ArgumentException"/> for a card number that does not fit ans18.</summary>
    public static byte[] Message(string cardNumber, ReadOnlySpan<byte> data)
    {
        var message = new byte[CardNumberLength + data.Length];
        if (!Ans.TryEncode(cardNumber, message.AsSpan(0, CardNumberLength), out _))
        {
            throw new ArgumentException("The card number does not fit ans18.", nameof(cardNumber));
        }
        data.CopyTo(message.AsSpan(CardNumberLength));
        return message;
    }

    /// <summary>e = SM3(Z_A ‖ M) for the SAM whose public key is <paramref name="samPublicKey"/>: what the SAM signs.</summary>
    public static byte[] Digest(ReadOnlySpan<byte> samPublicKey, string cardNumber, ReadOnlySpan<byte> data) =>
        Sm2Algorithm.Digest(samPublicKey, Message(cardNumber, data));

    /// <summary>
    /// True when <paramref name="record"/>'s signature verifies under the key of its own SAM certificate. It says nothing
    /// about who issued that certificate: check the chain with <see cref="RecordTrust"/> for that.
    /// </summary>
    public static bool IsSigned(SignedRecord record, string cardNumber)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (B.IsAbsent(record.Signature.Span))
        {
            return false;
        }
        try
        {
            var certificate = CompactCertificate.Parse(record.Certificate.Span);
            return certificate.Usage == CertificateUsage.Sam
                && Sm2Algorithm.Verify(certificate.PublicKey, Message(cardNumber, record.Data.Span), record.Signature.Span);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false; // an unreadable certificate or a key that is no curve point proves nothing
        }
    }
}

/// <summary>
/// The trust anchor a reader checks EE/ED signatures against: the national root key. The SAM certificate in a record must
/// chain root → issuer → SAM through an issuer certificate the reader knows (its own SAM's, or the card issuer's).
/// </summary>
public sealed record RecordTrust(byte[] RootPublicKey, string RootId)
{
    /// <summary>The clock the certificates' validity periods are checked against.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Today in China (UTC+8), the calendar the certificates' cn4 dates are written in.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
}
