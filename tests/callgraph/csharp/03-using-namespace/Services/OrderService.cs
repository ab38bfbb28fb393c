using System;
using Shop.Models;

namespace Shop.Services
{
    public class OrderService
    {
        public Order Create(string customer, decimal price, int quantity)
        {
            var order = new Order(customer);
            order.AddLine(price, quantity);
            Log($"created order for {customer}: {order.Total()}");
            return order;
        }

        private static void Log(string message) => Console.WriteLine(message);
    }
}
