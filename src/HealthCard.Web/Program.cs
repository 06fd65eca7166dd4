using HealthCard.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddHealthCardWeb();

var app = builder.Build();
app.UseHealthCardWeb();
await app.InitializeAsync();
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
