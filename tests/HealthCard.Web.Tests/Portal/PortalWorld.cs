using System.Security.Cryptography;
using HealthCard.App.Common;
using HealthCard.App.Features.Cards;
using HealthCard.App.Features.Keys;
using HealthCard.App.Features.Portal;
using HealthCard.App.Features.Residents;
using HealthCard.Chip.Files;
using HealthCard.Chip.Personalization;
using HealthCard.TestKit;
using HealthCard.Web.Tests.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HealthCard.Web.Tests.Portal;

/// <summary>A resident with an active card, as the portal tests need one: the proof a person holding the card has.</summary>
internal sealed record Holder(Guid ResidentId, string CardNumber, string Serial, string SecurityCode, string Phone, string County);

/// <summary>
/// The real host on a fake clock, with the key ceremony held and Hebei's (13) keys issued, so that security codes and
/// platform signatures work. Holders get a hospital card with a chip; their security code is read from a card
/// personalized with the province's keys (<see cref="CardPersonalizer"/>), independently of the portal's own derivation.
/// </summary>
internal sealed class PortalWorld(HealthCardHost host, FakeTimeProvider clock) : IAsyncDisposable
{
    public HealthCardHost Host { get; } = host;

    public FakeTimeProvider Clock { get; } = clock;

    public static async Task<PortalWorld> StartAsync(TestDatabase database, Action<IServiceCollection>? services = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var host = await Hosts.StartAsync(database, clock, services);
        await KeyTestKit.InitAsync(host);
        await KeyTestKit.IssueProvinceAsync(host, "13", "13000000001");
        return new PortalWorld(host, clock);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    public Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action) => KeyTestKit.WithAsync(Host, action);

    public Task WithDbAsync(Func<App.Persistence.HealthCardDb, Task> action) => Host.WithDbAsync(action);

    public async Task<Holder> HolderAsync(string county = "130105")
    {
        var draft = Residents.Valid(county: county);
        var chip = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        var card = await WithAsync(async sp =>
        {
            var resident = await sp.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, draft, CancellationToken.None);
            resident.IsSuccess.ShouldBeTrue(resident.Error?.ToString());
            var issued = await sp.GetRequiredService<IssueCard>().ExecuteAsync(Caller.System,
                new IssueCardRequest(resident.Value.Id, "hospital", "13010000001", ChipSerial: chip), CancellationToken.None);
            issued.IsSuccess.ShouldBeTrue(issued.Error?.ToString());
            return issued.Value;
        });
        var code = await PersonalizedSecurityCodeAsync(draft.IdNumber!, card, chip);
        return new Holder(card.ResidentId, draft.IdNumber!, card.Serial, code, TestKit.Residents.Phone, county);
    }

    /// <summary>The 安全码 a production centre writes into DDF1/EF05 when it personalizes this card with the province's keys.</summary>
    public Task<string> PersonalizedSecurityCodeAsync(string cardNumber, CardView card, string chipSerial) => WithAsync(async sp =>
    {
        var keys = await sp.GetRequiredService<KeyService>().PersonalizationKeysAsync("13", CancellationToken.None);
        using var province = keys.Value;
        var holder = new Cardholder
        {
            Identity = new Ddf1Ef06 { Name = "测试居民", Gender = new byte[] { 0x01 }, Ethnicity = "01", BirthDate = "19800101", IdNumber = cardNumber },
            Documents = new Df01Ef08 { IdType = "01", IdNumber = cardNumber },
        };
        var issue = new CardIssue(cardNumber, card.Serial, Convert.FromHexString(chipSerial), card.IssueDate, card.ExpiryDate);
        var issuer = new IssuerProfile("河北省卫生健康委员会", province.IssuerCode, card.CityCode, Convert.ToHexString(province.IssuerCertificate));
        var personalized = CardPersonalizer.Personalize(holder, issue, issuer, province.Masters);
        return Ddf1Ef05.DecodeRecords(personalized.Contents("DDF1/EF05").Select(r => (ReadOnlyMemory<byte>)r).ToList()).SecurityCode;
    });

    public Task<Domain.Common.Result<PortalSession>> SetPasswordAsync(Holder holder, string password, string? securityCode = null, string? phone = null,
        string? serial = null, string? source = null) =>
        WithAsync(sp => sp.GetRequiredService<SetPortalPassword>().ExecuteAsync(
            new SetPortalPasswordRequest(holder.CardNumber, serial ?? holder.Serial, securityCode ?? holder.SecurityCode, phone ?? holder.Phone, password, source),
            CancellationToken.None));

    public Task<Domain.Common.Result<PortalSession>> SignInAsync(string cardNumber, string password, string? source = null, App.Security.KnownDevice? device = null) =>
        WithAsync(sp => sp.GetRequiredService<PortalSignIn>().ExecuteAsync(new PortalSignInRequest(cardNumber, password, source, device), CancellationToken.None));

    public async Task<Caller> SignedInAsync(Holder holder, string password = "abc12345")
    {
        var set = await SetPasswordAsync(holder, password);
        set.IsSuccess.ShouldBeTrue(set.Error?.ToString());
        var session = await SignInAsync(holder.CardNumber, password);
        session.IsSuccess.ShouldBeTrue(session.Error?.ToString());
        return session.Value.ToCaller();
    }

    public Task<Domain.Common.Result<CardView>> ChangeAsync(string cardNumber, Domain.Cards.CardTrigger trigger, string? reason = "柜台办理") =>
        WithAsync(sp => sp.GetRequiredService<ChangeCardStatus>().ExecuteAsync(Caller.System, cardNumber, trigger, new CardOperation(reason, "柜员"),
            CancellationToken.None));

    /// <summary>The audit entries about one target (a card serial; a resident's portal account by resident id), oldest first.</summary>
    public Task<List<App.Audit.AuditEntry>> AuditAsync(string targetId) => WithAsync(sp =>
        sp.GetRequiredService<App.Persistence.HealthCardDb>().AuditEntries.AsNoTracking()
            .Where(a => a.TargetId == targetId && a.TargetType != "resident").OrderBy(a => a.Sequence).ToListAsync());
}
