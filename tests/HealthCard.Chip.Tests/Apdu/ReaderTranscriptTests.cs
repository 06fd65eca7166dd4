using System.Text;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;
using HealthCard.Chip.Reader;
using HealthCard.Chip.Tests.Files;
using HealthCard.Chip.Tests.Personalization;

namespace HealthCard.Chip.Tests.Apdu;

/// <summary>
/// Every command APDU the reader sends for a full session (open, every read, every kind of write, DF03 records, the SAM's
/// algorithm services), compared with a transcript recorded before the protocol layer existed (ADR 022): the command types
/// changed how the bytes are built, never the bytes. Bytes that depend on the card's random challenge or on an SM2
/// signature (cryptograms, MACs, encrypted records, signed EE/ED chunks) are pinned by their header and length only.
/// </summary>
public sealed class ReaderTranscriptTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void ReaderSession_SendsTheRecordedBytes()
    {
        var (keys, issuer, sams) = KeySet.Create("石家庄市卫生健康委员会", "13010000001", "130100", Today);
        var issue = new CardIssue("130105199003150028", "1300000042", Convert.FromHexString("8600112233445566"), Today, Today.AddYears(10));
        var card = CardPersonalizer.Personalize(Holders.Full(), issue, issuer, keys.Masters());
        var channel = new RecordingChannel(new InProcessChannel(card, sams[1]));
        var reader = new HealthCardReader(channel, keys.SamPin, trust: keys.Trust());

        reader.Open().ShouldBe(ReaderError.Ok);
        reader.ReadCardholder().Error.ShouldBe(ReaderError.Ok);
        reader.ReadIssuerData().Error.ShouldBe(ReaderError.Ok);
        reader.WriteAddresses(Holders.Full().Addresses with { Address2 = "北京市朝阳区建国路1号" }).ShouldBe(ReaderError.Ok);
        reader.WriteClinicalData(Holders.Full().Clinical).ShouldBe(ReaderError.Ok);
        reader.AddAllergy(new Allergy { Substance = "头孢菌素", Reaction = "过敏性休克" }).ShouldBe(ReaderError.Ok);
        reader.WritePhoto(Holders.Photo).ShouldBe(ReaderError.Ok);
        var inpatient = RandomRecords.Inpatient(new Random(11)) with { AdmissionDate = "20261101" };
        reader.WriteInpatientRecord(inpatient).Value.ShouldBe(1);
        reader.ReadInpatientRecord(1).Error.ShouldBe(ReaderError.Ok);
        reader.EraseInpatientRecord(1).ShouldBe(ReaderError.Ok);
        reader.Sm3Digest("abc"u8).Error.ShouldBe(ReaderError.Ok);
        reader.VerifyPin(keys.SamPin).ShouldBe(ReaderError.Ok);

        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Apdu", "reader-transcript.txt"));
        var actual = channel.Lines.ToArray();
        if (Environment.GetEnvironmentVariable("HEALTHCARD_RECORD_TRANSCRIPT") is { Length: > 0 } path)
        {
            File.WriteAllLines(path, actual);
        }
        actual.Length.ShouldBe(expected.Length);
        for (var i = 0; i < actual.Length; i++)
        {
            actual[i].ShouldBe(expected[i], $"command {i + 1}");
        }
    }

    /// <summary>Records each command: slot, then the whole APDU, or header, Lc and length where the bytes are random.</summary>
    private sealed class RecordingChannel(ICardChannel inner) : ICardChannel
    {
        public List<string> Lines { get; } = [];

        public byte[] PowerOn(CardSlot slot)
        {
            Lines.Add($"{slot} power on");
            return inner.PowerOn(slot);
        }

        public byte[] Transmit(CardSlot slot, ReadOnlySpan<byte> command)
        {
            var line = new StringBuilder($"{slot} ");
            if (IsRandom(slot, command))
            {
                line.Append(Convert.ToHexString(command[..4])).Append(" Lc=").Append(command[4].ToString("X2", null))
                    .Append(" +").Append(command.Length - 5);
            }
            else
            {
                line.Append(Convert.ToHexString(command));
            }
            Lines.Add(line.ToString());
            return inner.Transmit(slot, command);
        }

        private static bool IsRandom(CardSlot slot, ReadOnlySpan<byte> command) => command.Length > 5 && (slot, command[1]) switch
        {
            (CardSlot.UserCard, 0x82 or 0xDC or 0xD2 or 0x0C or 0xD6) => true, // cryptogram, secure messaging, MAC, signed chunk
            (CardSlot.Sam1, 0xFA or 0xB6) => true, // challenge- or signature-dependent input
            _ => false,
        };
    }
}
