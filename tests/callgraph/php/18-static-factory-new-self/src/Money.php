<?php

namespace App;

final class Money
{
    private function __construct(private int $cents, private string $currency)
    {
    }

    public static function of(float $amount, string $currency = 'EUR'): self
    {
        return new self((int) round($amount * 100), $currency);
    }

    public static function zero(): self
    {
        return self::of(0);
    }

    public function add(Money $other): self
    {
        self::assertSameCurrency($this, $other);
        return new Money($this->cents + $other->cents, $this->currency);
    }

    public function format(): string
    {
        return sprintf('%.2f %s', $this->cents / 100, $this->currency);
    }

    private static function assertSameCurrency(Money $a, Money $b): void
    {
        if ($a->currency !== $b->currency) {
            throw new \InvalidArgumentException('currency mismatch');
        }
    }
}
