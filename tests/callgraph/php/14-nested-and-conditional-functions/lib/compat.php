<?php

if (!function_exists('money')) {
    function money(float $amount): string
    {
        return number_format($amount, 2) . ' EUR';
    }
}
