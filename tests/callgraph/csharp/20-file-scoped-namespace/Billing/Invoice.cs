using System.Collections.Generic;
using System.Linq;

namespace Billing;

public class Invoice
{
    private readonly List<decimal> _lines = new List<decimal>();
    private readonly TaxCalculator _tax = new TaxCalculator(0.2m);

    public Invoice AddLine(decimal amount)
    {
        _lines.Add(amount);
        return this;
    }

    public decimal Subtotal() => _lines.Sum();

    public decimal Total() => Subtotal() + _tax.TaxOn(Subtotal());

    public string Summary() => Formatting.Money(Total());
}
