namespace Billing;

public class TaxCalculator
{
    private readonly decimal _rate;

    public TaxCalculator(decimal rate)
    {
        _rate = rate;
    }

    public decimal TaxOn(decimal amount) => Round(amount * _rate);

    public static decimal Round(decimal value) => decimal.Round(value, 2);
}
