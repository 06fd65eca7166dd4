using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// Hands out 发卡序列号 per province inside the caller's transaction. The counter row is a concurrency token and
/// the serial has a unique index, so even two nodes racing can never issue one serial twice.
/// </summary>
public sealed class SerialAllocator(HealthCardDb db)
{
    public async Task<string> NextAsync(string regionCode, CancellationToken cancellationToken)
    {
        var province = regionCode[..2];
        var counter = await db.SerialCounters.FindAsync([province], cancellationToken);
        if (counter is null)
        {
            counter = new SerialCounter { Province = province, Next = 1 };
            db.SerialCounters.Add(counter);
        }
        var sequence = counter.Next;
        counter.Next++;
        return CardRules.Serial(province, sequence);
    }
}
