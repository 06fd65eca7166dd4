using HealthCard.Chip.Apdu;
using HealthCard.Chip.Files;
using HealthCard.Chip.Virtual;
using HealthCard.Chip.Personalization;

namespace HealthCard.Chip.Tests.Virtual;

/// <summary>
/// A virtual card for tests, with its master keys: card keys are derived from them by <see cref="CardKeys"/> (§6), and a
/// terminal here computes what a SAM holding the masters would.
/// </summary>
internal sealed class TestCard
{
    public static readonly byte[] ChipSerial = Convert.FromHexString("A1B2C3D4E5F60718");
    public const string CityCode = "130100";

    private readonly Dictionary<byte, byte[]> _masters;

    public TestCard(CardProfile? profile = null, string cityCode = CityCode)
    {
        Card = VirtualHealthCard.CreateBlank(profile ?? CardProfile.Chip32K, ChipSerial);
        var random = new Random(7);
        _masters = SamKeys.All.ToDictionary(slot => slot.Index, _ =>
        {
            var master = new byte[16];
            random.NextBytes(master);
            return master;
        });
        foreach (var key in CardKeys.Derive(_masters, cityCode, ChipSerial))
        {
            Card.LoadKey(key.Directory, key.Reference, key.Value);
        }
        Holder = new Ddf1Ef06 { Name = "张三", Gender = new byte[] { 0x01 }, Ethnicity = "01", BirthDate = "19800101", IdNumber = "13010519800101001X" };
        var records = Holder.EncodeRecords();
        for (var i = 0; i < records.Count; i++)
        {
            Card.WriteRecord("DDF1/EF06", i + 1, records[i]);
        }
    }

    public VirtualHealthCard Card { get; }

    /// <summary>The master keys by SAM key index, as a key ceremony would load them into SAMs.</summary>
    public Dictionary<byte, byte[]> SamMasters() => _masters.ToDictionary(m => m.Key, m => m.Value.ToArray());

    public Ddf1Ef06 Holder { get; }

    /// <summary>The card key for a directory and reference, as a SAM of <paramref name="cityCode"/> derives it.</summary>
    public byte[] KeyFor(ushort directory, byte reference, string cityCode = CityCode) =>
        CardKeys.Derive(_masters, cityCode, ChipSerial).Single(k => k.Directory == directory && k.Reference == reference).Value;

    public ushort Send(string hex) => ResponseApdu.StatusOf(Card.Transmit(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))));

    public byte[] SendForData(string hex, ushort expected = StatusWord.Ok)
    {
        var response = Card.Transmit(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)));
        ResponseApdu.StatusOf(response).ShouldBe(expected, $"status of {hex}");
        return ResponseApdu.DataOf(response).ToArray();
    }

    public void Select(ushort fid) => Send($"00A4000002{fid:X4}").ShouldBe(StatusWord.Ok);

    public byte[] Challenge() => SendForData("0084000008");

    /// <summary>GET CHALLENGE then EXTERNAL AUTHENTICATE with <paramref name="key"/>; returns the status word.</summary>
    public ushort Authenticate(byte reference, byte[] key)
    {
        var challenge = Challenge();
        var cryptogram = CardCryptography.AuthenticationCryptogram(key, challenge);
        return Send($"008200{reference:X2}11{Convert.ToHexString(cryptogram)}{Convert.ToHexString(challenge)}01");
    }

    /// <summary>A secure UPDATE RECORD (04 DC rec 04 Lc enc ‖ MAC) of the current file; returns the status word.</summary>
    public ushort UpdateRecordSecurely(int record, byte[] tlv, byte[] key, bool corruptMac = false)
    {
        var challenge = Challenge();
        var encrypted = CardCryptography.EncryptRecord(key, tlv);
        var lc = (byte)(encrypted.Length + CardCryptography.MacSize);
        byte[] header = [0x04, 0xDC, (byte)record, 0x04];
        var mac = CardCryptography.CommandMac(key, challenge, header, lc, encrypted);
        if (corruptMac)
        {
            mac[0] ^= 1;
        }
        return Send($"{Convert.ToHexString(header)}{lc:X2}{Convert.ToHexString(encrypted)}{Convert.ToHexString(mac)}");
    }

    /// <summary>A MAC-only command (index flags, blocks): CLA INS P1 P2 04 MAC.</summary>
    public ushort SendWithMac(string header, byte[] key)
    {
        var challenge = Challenge();
        var mac = CardCryptography.CommandMac(key, challenge, Convert.FromHexString(header), 4, []);
        return Send($"{header}04{Convert.ToHexString(mac)}");
    }
}
