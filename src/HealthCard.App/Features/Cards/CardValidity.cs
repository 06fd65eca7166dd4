using HealthCard.App.Common;
using Microsoft.Extensions.Options;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// The validity of a card made today (China time): <see cref="HealthCardOptions.CardValidityYears"/> years (D, default
/// <see cref="Domain.Cards.CardRules.DefaultValidityYears"/>). Every card the platform makes, or has personalized, takes it from here.
/// </summary>
public sealed class CardValidity(TimeProvider clock, IOptions<HealthCardOptions> options)
{
    public (DateOnly IssueDate, DateOnly ExpiryDate) FromToday()
    {
        var today = clock.Today();
        return (today, today.AddYears(options.Value.CardValidityYears));
    }
}
