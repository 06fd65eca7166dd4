using System.Net;
using HealthCard.App.Features.Cards;
using HealthCard.TestKit;

namespace HealthCard.Web.Tests;

/// <summary>Racing requests can never create duplicates: the database's unique indexes decide.</summary>
public sealed class ConcurrencyTests
{
    private const int Racers = 32;

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Registrations_32ConcurrentOfOneNewId_CreateExactlyOneResident(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var draft = Residents.Valid();

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Task.Run(() => host.Client().PostJsonAsync("/api/v1/residents", draft))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(Racers - 1);
        var found = await (await host.Client().GetAsync($"/api/v1/residents?idNumber={draft.IdNumber}")).ReadJsonAsync();
        found.GetArrayLength().ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Hosts.Databases), MemberType = typeof(Hosts))]
    public async Task Issuances_32ConcurrentForOneResident_CreateExactlyOneCard(TestDatabase database)
    {
        await using var host = await Hosts.StartAsync(database);
        var (residentId, cardNumber) = await CardApiTests.RegisterAsync(host.Client());

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Task.Run(() =>
            host.Client().PostJsonAsync("/api/v1/cards", new IssueCardRequest(residentId, "hospital", "13010000001")))));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(Racers - 1);
        var card = await (await host.Client().GetAsync($"/api/v1/cards/{cardNumber}")).ReadJsonAsync();
        card.GetProperty("previousCards").GetArrayLength().ShouldBe(0);
    }
}
