"""Official documents: GB/T 9704 layout in .docx and .pdf, document numbers per jurisdiction and year."""
