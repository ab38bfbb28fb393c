using System.Collections.Generic;
using System.Linq;

namespace Shop.Models
{
    public class Order
    {
        private readonly List<decimal> _prices = new List<decimal>();

        public Order(string customer)
        {
            Customer = customer;
        }

        public string Customer { get; }

        public void AddLine(decimal price, int quantity)
        {
            for (var i = 0; i < quantity; i++)
                _prices.Add(price);
        }

        public decimal Total() => _prices.Sum();
    }
}
