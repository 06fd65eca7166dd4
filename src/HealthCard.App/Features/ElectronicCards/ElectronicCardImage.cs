using QRCoder;

namespace HealthCard.App.Features.ElectronicCards;

/// <summary>
/// The code as a PNG QR image (QRCoder's <see cref="PngByteQRCode"/>: no System.Drawing, no native code). Error
/// correction M (15 %): a phone screen is clean, and the code stays small enough for cheap scanners.
/// </summary>
public static class ElectronicCardImage
{
    public static byte[] Png(string code, int pixelsPerModule = 8)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pixelsPerModule, 40);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
