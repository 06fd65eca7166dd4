namespace HealthCard.Chip.Encoding;

/// <summary>
/// The one exception for malformed card bytes: a field, record or file read from a card (untrusted data) that does not
/// follow the standard (§3 encodings, §4.1 record layout). The message names the element or file and the reason.
/// </summary>
public sealed class CardFormatException : Exception
{
    public CardFormatException()
        : base("The card data is malformed.")
    {
    }

    public CardFormatException(string message)
        : base(message)
    {
    }

    public CardFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
