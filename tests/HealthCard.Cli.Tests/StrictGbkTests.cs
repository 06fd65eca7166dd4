using System.Net;
using System.Text.Json;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Residents;
using HealthCard.App.Regions;
using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;
using HealthCard.Domain.Cards;
using HealthCard.Domain.Codes;
using HealthCard.Domain.Common;
using HealthCard.Domain.Residents;
using HealthCard.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// Disagreement 5 of issue 15 (ADR 022): strict GBK has one definition, compiled into both the registry's validation
/// (Domain) and the card encoder (Chip). For every tricky character the registry's verdict is the card encoder's, a
/// resident the registry accepts personalizes, and every door that registers a name gives the same answer.
/// </summary>
public sealed class StrictGbkTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 22);
    private static readonly Lazy<(KeySet Keys, IssuerProfile Issuer)> KeySetOnce = new(() =>
    {
        var (keys, issuer, _) = KeySet.Create("石家庄市卫生健康委员会", "13010000001", "130100", Today);
        return (keys, issuer);
    });

    private readonly HcardFolder _folder = new("hc-gbk-");

    public void Dispose() => _folder.Dispose();

    /// <summary>A character, and whether strict GBK takes it.</summary>
    public static TheoryData<string, bool> TrickyCharacters => new()
    {
        { "€", false },        // U+20AC: code page 936 maps it to the single byte 0x80, which is not GBK
        { "\uF8F5", false },   // private use: code page 936's single byte 0xFF, not GBK
        { "镕", true },        // U+9555: GBK, outside GB2312 (a rare character in given names)
        { "喆", true },        // U+5586: GBK, outside GB2312
        { "䶮", false },       // U+4DAE: CJK extension A, GB18030 only
        { "鿏", false },       // U+9FCF: after GBK's last ideograph U+9FA5, GB18030 only
        { "𠮷", false },       // U+20BB7: a surrogate pair (extension B)
        { "𡨸", false },       // U+21A38: a surrogate pair (extension B)
        { "\uE000", true },    // private use, GBK's user-defined area (AAA1)
        { "\uE4C6", true },    // private use, GBK's user-defined area
        { "Ａ", true },        // full-width Latin
        { "１", true },        // full-width digit
        { "·", true },         // U+00B7 middle dot, as in 阿卜杜·热合曼
        { "•", false },        // U+2022 bullet: not GBK (only the middle dot is)
        { "ｶ", false },        // half-width katakana
        { "😀", false },       // an emoji (surrogate pair)
        { "é", true },         // U+00E9: GBK's pinyin letters (A8A6)
    };

    [Theory]
    [MemberData(nameof(TrickyCharacters))]
    public void RegistryAndCardEncoder_GiveOneVerdict_AndWhatTheRegistryAcceptsPersonalizes(string character, bool gbk)
    {
        var name = "阿" + character + "力";
        var registry = new ResidentValidator(RegionDirectory.Embedded).Validate(Residents.Valid() with { Name = name }, Today);
        var encoder = Ans.TryEncode(name, new byte[30], out _);

        encoder.ShouldBe(gbk, $"the card encoder's verdict on U+{char.ConvertToUtf32(character, 0):X4}");
        registry.IsSuccess.ShouldBe(gbk, $"the registry's verdict on U+{char.ConvertToUtf32(character, 0):X4}");
        if (!registry.IsSuccess)
        {
            ((ValidationFailed)registry.Error!).Fields.Keys.ShouldBe(["name"]);
            return;
        }
        var resident = registry.Value.Profile;
        var issue = new CardIssue(CardDataSet.CardNumber(resident), "1300000042", Convert.FromHexString("8600112233445566"), Today, Today.AddYears(10));
        var card = CardPersonalizer.Personalize(CardDataSet.From(resident), issue, KeySetOnce.Value.Issuer, KeySetOnce.Value.Keys.Masters());
        Ddf1Ef06.DecodeRecords(card.Contents("DDF1/EF06").Select(r => (ReadOnlyMemory<byte>)r).ToList()).Name.ShouldBe(name);
    }

    /// <summary>
    /// A name with € through the API (POST /api/v1/residents), the console's register page (its use case, as the page calls
    /// it), the CLI's import (the rejection report) and the CLI's personalization (the holder file): refused everywhere,
    /// as resident.invalid on the name with the same message.
    /// </summary>
    [Fact]
    public async Task NameWithEuro_SameAnswerThroughEveryDoor()
    {
        const string Name = "欧元€";
        var draft = Residents.Valid() with { Name = Name };
        var expected = ExpectedMessage(draft);

        // API
        await using var host = await HealthCardHost.StartAsync(TestDatabase.Sqlite);
        var response = await host.Client().PostJsonAsync("/api/v1/residents", draft);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.ReadJsonAsync();
        problem.GetProperty("code").GetString().ShouldBe(ResidentValidator.ErrorCode);
        problem.GetProperty("errors").GetProperty("name").EnumerateArray().Select(m => m.GetString()).ShouldBe([expected.Zh, expected.En]);

        // Console: ResidentRegister.razor calls RegisterResident with the staff member's caller.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var staff = new Caller("console-test", "13", new HashSet<string> { Scope.RegistryWrite }, Channel.Console);
            var registered = await scope.ServiceProvider.GetRequiredService<RegisterResident>().ExecuteAsync(staff, draft, CancellationToken.None);
            var invalid = registered.Error.ShouldBeOfType<ValidationFailed>();
            invalid.Code.ShouldBe(ResidentValidator.ErrorCode);
            invalid.Fields["name"].ShouldBe([expected]);
        }

        // CLI: hcard import residents, then its rejection report.
        var csv = _folder.PathOf("population.csv");
        await File.WriteAllTextAsync(csv, PopulationFiles.Header + $"\n{draft.IdNumber},{Name},{draft.Gender},01,{draft.BirthDate},13912345678,{Residents.AddressText}\n",
            TestContext.Current.CancellationToken);
        var import = await _folder.RunAsync("import", "residents", csv, "--region", "130105");
        import.ExitCode.ShouldBe(0, import.Error);
        import.Output.ShouldContain("accepted 0, merged 0, rejected 1");
        var job = import.Output.Split('\n').Single(l => l.StartsWith("job ", StringComparison.Ordinal))[4..40];
        var report = await _folder.RunAsync("import", "rejections", job, "--out", _folder.PathOf("rejections.csv"));
        report.ExitCode.ShouldBe(0, report.Error);
        var rejection = await File.ReadAllTextAsync(_folder.PathOf("rejections.csv"), TestContext.Current.CancellationToken);
        rejection.ShouldContain(ResidentValidator.ErrorCode);
        rejection.ShouldContain(expected.Zh);
        rejection.ShouldContain(expected.En);

        // CLI: hcard card personalize --holder (before ADR 022 the registry rule passed it and the card encoder threw).
        (await _folder.RunAsync("card", "keyset", "create", "--out", _folder.PathOf("keys"))).ExitCode.ShouldBe(0);
        await File.WriteAllTextAsync(_folder.PathOf("holder.json"), JsonSerializer.Serialize(draft, HealthCardHost.Json), TestContext.Current.CancellationToken);
        var personalized = await _folder.RunAsync("card", "personalize", "--holder", _folder.PathOf("holder.json"),
            "--issuer", _folder.PathOf("keys/issuer.json"), "--keys", _folder.PathOf("keys/keyset.json"), "--out", _folder.PathOf("card.img"));
        personalized.ExitCode.ShouldBe(2, personalized.Error);
        personalized.Error.ShouldContain($"error {ResidentValidator.ErrorCode}");
        personalized.Error.ShouldContain($"name: {expected.Zh} / {expected.En}");
        File.Exists(_folder.PathOf("card.img")).ShouldBeFalse();
    }

    /// <summary>The registry's message for the name, from the rule itself.</summary>
    private static Message ExpectedMessage(ResidentDraft draft)
    {
        var result = new ResidentValidator(RegionDirectory.Embedded).Validate(draft, Today);
        var messages = ((ValidationFailed)result.Error!).Fields["name"];
        messages.Count.ShouldBe(1);
        messages[0].En.ShouldContain("GBK");
        return messages[0];
    }
}
