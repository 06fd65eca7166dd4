using MudBlazor;

namespace HealthCard.Web.Console.Layout;

/// <summary>The console's look: the health-commission blue, and Chinese fonts the office machines have.</summary>
public static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1565c0", AppbarBackground = "#1565c0", Secondary = "#00897b" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "sans-serif"] },
        },
    };
}
