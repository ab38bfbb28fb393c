using System;
using Billing;

var invoice = new Invoice().AddLine(10m).AddLine(5.5m);
Console.WriteLine(invoice.Summary());
Console.WriteLine(TaxCalculator.Round(2.345m));
