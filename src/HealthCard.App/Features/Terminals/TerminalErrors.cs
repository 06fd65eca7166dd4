using HealthCard.App.Persistence;
using HealthCard.Domain.Common;
using HealthCard.Domain.Terminals;
using Microsoft.EntityFrameworkCore;

namespace HealthCard.App.Features.Terminals;

internal static class TerminalErrors
{
    public static NotFound NotFound { get; } = new("terminal");

    public static Conflict VersionConflict { get; } = new("terminal.version_conflict",
        new Message("该终端刚被他人操作，请刷新后重试", "The terminal was changed meanwhile; reload and retry"));

    public static async Task<TerminalView> ViewAsync(HealthCardDb db, Terminal t, CancellationToken cancellationToken) =>
        new(t.Serial, t.ProductId, t.InstitutionCode, t.RegionCode, t.Status,
            await db.Sams.Where(s => s.TerminalSerial == t.Serial).Select(s => s.Serial).FirstOrDefaultAsync(cancellationToken), t.RegisteredAt);
}
