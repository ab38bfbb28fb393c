using System;
using Shop.Services;

namespace Shop
{
    public static class Program
    {
        public static void Main()
        {
            var service = new OrderService();
            var order = service.Create("ada", 2.50m, 4);
            Console.WriteLine(order.Total());
        }
    }
}
