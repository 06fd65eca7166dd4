using HealthCard.App.Common;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Demo;

/// <summary>What every demo step shares: the check of its result, and the callers acting at one tier.</summary>
internal static class DemoSteps
{
    /// <summary>
    /// The value of a demo step, or an <see cref="InvalidOperationException"/> naming the step and the use case's error
    /// code: a refused step stops the seeding, so that the demo is never half-seeded without anyone noticing.
    /// </summary>
    public static async Task<T> OrThrowAsync<T>(this Task<Result<T>> step, string what)
    {
        ArgumentNullException.ThrowIfNull(step);
        var result = await step;
        return result.IsSuccess ? result.Value : throw new InvalidOperationException($"The demo step '{what}' was refused: {result.Error!.Code}.");
    }

    /// <summary>
    /// A health authority (or an institution) acting at its own tier, where <see cref="Caller.System"/> (national, named
    /// "system") will not do: review paths ask for a reviewer at a given tier (a card application is reviewed by its
    /// county first, a SAM application by its district, city and province), and the console shows who submitted an
    /// application or created a batch or plan, which should read as a real authority, in Chinese. It has the system's
    /// scopes and channel: the demo is seeded by the system on the authority's behalf.
    /// </summary>
    public static Caller As(string actor, string region) => new(actor, region, Caller.System.Scopes, Channel.System);

    /// <summary>石家庄市卫生健康委员会, the demo city's health authority.</summary>
    public static Caller City { get; } = As("石家庄市卫生健康委员会", DemoData.DemoCity);

    /// <summary>河北省卫生健康委员会, the demo province's health authority.</summary>
    public static Caller Province { get; } = As("河北省卫生健康委员会", "13");

    /// <summary>A county's health bureau (卫生健康局), by the county's code and name.</summary>
    public static Caller County(string code, string? name) => As($"{name}卫生健康局", code);
}
