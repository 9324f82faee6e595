// Runs upstream OpenVMM's compute_variable_mtrrs as it was before PR #3550
// (5361e057e^) and at PR #3550 (5361e057e), both copied verbatim, on the
// inputs of memviz's tests/vectors/mtrr.jsonl (one line each on stdin).
#![allow(dead_code)]
mod common_3550;
mod common_3599;
mod common_mtrr;
mod common_pre3550;
mod importer;
mod memory;

use importer::X86Register;
use memory::MemoryLayout;
use memory_range::MemoryRange;
use std::io::BufRead;

fn fmt(layout: &MemoryLayout, regs: &[X86Register]) -> String {
    let mut s = format!("OK {:#x} {:#x}", layout.end_of_ram(), layout.ram_size());
    for r in regs {
        let (n, v) = match r {
            X86Register::MtrrPhysBase0(v) => ("MtrrPhysBase0", v),
            X86Register::MtrrPhysMask0(v) => ("MtrrPhysMask0", v),
            X86Register::MtrrPhysBase1(v) => ("MtrrPhysBase1", v),
            X86Register::MtrrPhysMask1(v) => ("MtrrPhysMask1", v),
            X86Register::MtrrPhysBase2(v) => ("MtrrPhysBase2", v),
            X86Register::MtrrPhysMask2(v) => ("MtrrPhysMask2", v),
            X86Register::MtrrPhysBase3(v) => ("MtrrPhysBase3", v),
            X86Register::MtrrPhysMask3(v) => ("MtrrPhysMask3", v),
            X86Register::MtrrPhysBase4(v) => ("MtrrPhysBase4", v),
            X86Register::MtrrPhysMask4(v) => ("MtrrPhysMask4", v),
            _ => panic!("unexpected register"),
        };
        s += &format!(" {}={:#x}", n, v);
    }
    s
}

fn run(t: &[u64], version: &str) -> String {
    let mut i = 0;
    let mut next = || { i += 1; t[i - 1] };
    let ram = next();
    let mut list = |next: &mut dyn FnMut() -> u64| -> Vec<MemoryRange> {
        let n = next();
        (0..n).map(|_| { let a = next(); let b = next(); MemoryRange::new(a..b) }).collect()
    };
    let mmio = list(&mut next);
    let ecam = list(&mut next);
    let pci = list(&mut next);
    let vtl2 = if next() == 1 { let a = next(); let b = next(); Some(MemoryRange::new(a..b)) } else { next(); next(); None };
    let (a, b) = (next(), next());
    let low = MemoryRange::new(a..b);
    let (a, b) = (next(), next());
    let high = MemoryRange::new(a..b);
    let width = next() as u8;
    let layout = match MemoryLayout::new(ram, &mmio, &ecam, &pci, vtl2) {
        Ok(l) => l,
        Err(e) => return format!("ERR {:?}", e),
    };
    match version {
        "pre-3550" => match common_pre3550::compute_variable_mtrrs(&layout, width) {
            Ok(r) => fmt(&layout, &r),
            Err(_) => "ERR UnsupportedMmio".into(),
        },
        "3550" => fmt(&layout, &common_3550::compute_variable_mtrrs(&layout, width, low, high)),
        "3599" => fmt(&layout, &common_3599::compute_variable_mtrrs(&layout, width, low, high)),
        _ => panic!("version"),
    }
}

fn main() {
    let version = std::env::args().nth(1).expect("version");
    std::panic::set_hook(Box::new(|_| {}));
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let t: Vec<u64> = line.split_whitespace().map(|w| u64::from_str_radix(w.trim_start_matches("0x"), 16).unwrap()).collect();
        let v = version.clone();
        let out = std::panic::catch_unwind(move || run(&t, &v)).unwrap_or_else(|_| "PANIC".into());
        println!("{}", out);
    }
}
