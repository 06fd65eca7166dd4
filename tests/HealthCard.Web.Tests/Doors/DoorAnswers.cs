using System.Net;
using System.Text.Json;
using HealthCard.Domain.Common;
using HealthCard.TestKit;

namespace HealthCard.Web.Tests.Doors;

/// <summary>One answer in a form every door can be compared in: the problem's code and each field's messages (Chinese, English).</summary>
internal sealed record DoorAnswer(string Code, IReadOnlyDictionary<string, string[]> Fields)
{
    public static DoorAnswer Of(Error error)
    {
        var fields = error is ValidationFailed invalid
            ? invalid.Fields.ToDictionary(f => f.Key, f => f.Value.SelectMany(m => new[] { m.Zh, m.En }).ToArray(), StringComparer.Ordinal)
            : new Dictionary<string, string[]>(StringComparer.Ordinal);
        return new DoorAnswer(error.Code, fields);
    }

    public static async Task<DoorAnswer> OfAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.Conflict, HttpStatusCode.NotFound);
        var problem = await response.ReadJsonAsync();
        var fields = problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().ToDictionary(f => f.Name, f => f.Value.EnumerateArray().Select(m => m.GetString()!).ToArray(), StringComparer.Ordinal)
            : new Dictionary<string, string[]>(StringComparer.Ordinal);
        return new DoorAnswer(problem.GetProperty("code").GetString()!, fields);
    }

    public void ShouldBeSameAs(DoorAnswer other, string door)
    {
        ArgumentNullException.ThrowIfNull(other);
        other.Code.ShouldBe(Code, door);
        other.Fields.Keys.Order(StringComparer.Ordinal).ShouldBe(Fields.Keys.Order(StringComparer.Ordinal), door);
        foreach (var (field, messages) in Fields)
        {
            other.Fields[field].ShouldBe(messages, $"{door}: {field}");
        }
    }

    public override string ToString() => $"{Code} {JsonSerializer.Serialize(Fields)}";
}
