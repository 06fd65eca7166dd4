using System.CommandLine;
using HealthCard.Cli.Commands;

var root = new RootCommand("hcard: the HealthCard platform's command line (居民健康卡管理平台命令行)");
root.Subcommands.Add(ApiKeyCommands.Create());
root.Subcommands.Add(AuditCommands.Create());
root.Subcommands.Add(CryptoCommands.Create());
var card = new Command("card", "Virtual health cards and SAMs (虚拟卡与SAM卡)");
card.Subcommands.Add(CardServeCommand.Create());
root.Subcommands.Add(card);
return await root.Parse(args).InvokeAsync();
