using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HealthCard.App.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's model without a host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteHealthCardDb>
{
    public SqliteHealthCardDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteHealthCardDb>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresHealthCardDb>
{
    public PostgresHealthCardDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresHealthCardDb>().UseNpgsql("Host=localhost;Database=healthcard_design").Options);
}
