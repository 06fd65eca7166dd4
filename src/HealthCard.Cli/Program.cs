using System.CommandLine;
using HealthCard.Cli.Commands;

var root = new RootCommand("hcard: the HealthCard platform's command line (居民健康卡管理平台命令行)");
root.Subcommands.Add(ApiKeyCommands.Create());
root.Subcommands.Add(AuditCommands.Create());
root.Subcommands.Add(CryptoCommands.Create());
root.Subcommands.Add(CardCommands.Create());
root.Subcommands.Add(KeyCommands.Create());
root.Subcommands.Add(BlacklistCommands.Create());
root.Subcommands.Add(ImportCommands.Create());
root.Subcommands.Add(ApplicationCommands.Create());
root.Subcommands.Add(ProductionCommands.Create());
root.Subcommands.Add(ReportCommands.Create());
root.Subcommands.Add(ReportCommands.Statistics());
root.Subcommands.Add(ReportCommands.Plans());
root.Subcommands.Add(UserCommands.Create());
root.Subcommands.Add(QrCommands.Create());
return await root.Parse(args).InvokeAsync();
