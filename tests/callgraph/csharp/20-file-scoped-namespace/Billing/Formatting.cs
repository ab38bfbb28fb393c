using System.Globalization;

namespace Billing;

internal static class Formatting
{
    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " EUR";
}
