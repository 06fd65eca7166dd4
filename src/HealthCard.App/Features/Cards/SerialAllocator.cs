using HealthCard.App.Network;
using HealthCard.App.Persistence;
using HealthCard.Domain.Cards;

namespace HealthCard.App.Features.Cards;

/// <summary>
/// Hands out 发卡序列号 per province inside the caller's transaction. The counter row is a concurrency token and
/// the serial has a unique index, so even two nodes racing can never issue one serial twice. In a network, the
/// province's counter lives at the national registry, which gives each node blocks of
/// <see cref="NationalRegistry.SerialBlockSize"/>: a serial is then unique nationwide, as lists and copies need (ADR 028).
/// </summary>
public sealed class SerialAllocator(HealthCardDb db, NetworkNode node, NationalRegistry national)
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
        if (node.Enabled && !node.IsNational && (counter.Limit is null || counter.Next > counter.Limit))
        {
            var block = await national.SerialBlockAsync(province, cancellationToken)
                ?? throw new NationalUnreachableException();
            (counter.Next, counter.Limit) = (block.First, block.Last);
        }
        var sequence = counter.Next;
        counter.Next++;
        return CardRules.Serial(province, sequence);
    }
}
