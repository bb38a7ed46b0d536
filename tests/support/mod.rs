pub mod tamper;
pub mod webdriver;
