using System.Buffers.Binary;
using System.Text;
using HealthCard.Crypto.Sm3;

namespace HealthCard.App.Audit;

/// <summary>
/// One link of a node's audit chain. <see cref="Hash"/> = HMAC-SM3(chain key, <see cref="PreviousHash"/> ‖ the entry's
/// fields), so an edited or deleted entry breaks the chain at that point (docs/adr/005-audit-chain.md), and someone with
/// the database but without the chain key (<see cref="AuditChainKey"/>, kept outside the database) cannot recompute the
/// hashes after an edit (docs/adr/019-sign-in-portal-and-audit-hardening.md). No personal data is written here: targets
/// are internal ids and card serials.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public string Node { get; set; } = "";
    public long Sequence { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string Actor { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Action { get; set; } = "";
    public string TargetType { get; set; } = "";
    public string? TargetId { get; set; }
    public string? RegionCode { get; set; }

    /// <summary><c>success</c>, or the stable error code of a refused operation.</summary>
    public string Outcome { get; set; } = "";
    public string? Details { get; set; }
    public byte[] PreviousHash { get; set; } = [];
    public byte[] Hash { get; set; } = [];

    /// <summary>The hash that precedes a node's first entry.</summary>
    public static byte[] Genesis { get; } = new byte[Sm3Hash.Size];

    /// <summary>Computes the entry's keyed hash from its fields and <see cref="PreviousHash"/>. Every field is
    /// length-prefixed, so that moving text from one field to another changes the hash.</summary>
    public byte[] ComputeHash(ReadOnlySpan<byte> chainKey)
    {
        using var buffer = new MemoryStream(256);
        buffer.Write(PreviousHash);
        Field(buffer, Node);
        Number(buffer, Sequence);
        Number(buffer, OccurredAt.UtcTicks);
        Field(buffer, Actor);
        Field(buffer, Channel);
        Field(buffer, Action);
        Field(buffer, TargetType);
        Field(buffer, TargetId);
        Field(buffer, RegionCode);
        Field(buffer, Outcome);
        Field(buffer, Details);
        var hash = new byte[Sm3Hash.Size];
        Sm3Hash.Hmac(chainKey, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), hash);
        return hash;
    }

    internal static void Field(MemoryStream buffer, string? value)
    {
        if (value is null)
        {
            Number(buffer, -1);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        Number(buffer, bytes.Length);
        buffer.Write(bytes);
    }

    internal static void Number(MemoryStream buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.Write(bytes);
    }
}
